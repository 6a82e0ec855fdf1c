/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - FF-A constants: function IDs, versions, feature IDs, partition
 * property bits and endpoint ID conventions.
 *
 * Values come from ../shared/spec/ffa-abi.md (sections 1-8). Nothing here
 * allocates or calls anything; the header is freestanding.
 */
#ifndef FFA_DEFS_H
#define FFA_DEFS_H

#include <stdint.h>

/* ---- SMCCC function ID composition (ffa-abi.md 1.1) ---------------------- */

#define FFA_SMC32_BASE 0x84000000u
#define FFA_SMC64_BASE 0xC4000000u
/** Bit 30 of a function ID: set for the SMC64/HVC64 convention. */
#define FFA_FID_64BIT_BIT 0x40000000u
/** Bit 16: SMCCC v1.3 "SVE live state not present" hint; callees mask it. */
#define FFA_FID_SVE_HINT_BIT 0x00010000u

#define FFA_FID32(fn) (FFA_SMC32_BASE | (uint32_t)(fn))
#define FFA_FID64(fn) (FFA_SMC64_BASE | (uint32_t)(fn))

/* ---- Function IDs (ffa-abi.md 3) ------------------------------------------ */

#define FFA_ERROR_32 FFA_FID32(0x60)
#define FFA_SUCCESS_32 FFA_FID32(0x61)
#define FFA_SUCCESS_64 FFA_FID64(0x61)
#define FFA_INTERRUPT_32 FFA_FID32(0x62)
#define FFA_VERSION_32 FFA_FID32(0x63)
#define FFA_FEATURES_32 FFA_FID32(0x64)
#define FFA_RX_RELEASE_32 FFA_FID32(0x65)
#define FFA_RXTX_MAP_32 FFA_FID32(0x66)
#define FFA_RXTX_MAP_64 FFA_FID64(0x66)
#define FFA_RXTX_UNMAP_32 FFA_FID32(0x67)
#define FFA_PARTITION_INFO_GET_32 FFA_FID32(0x68)
#define FFA_ID_GET_32 FFA_FID32(0x69)
#define FFA_MSG_POLL_32 FFA_FID32(0x6A)
#define FFA_MSG_WAIT_32 FFA_FID32(0x6B)
#define FFA_YIELD_32 FFA_FID32(0x6C)
#define FFA_RUN_32 FFA_FID32(0x6D)
#define FFA_MSG_SEND_32 FFA_FID32(0x6E)
#define FFA_MSG_SEND_DIRECT_REQ_32 FFA_FID32(0x6F)
#define FFA_MSG_SEND_DIRECT_REQ_64 FFA_FID64(0x6F)
#define FFA_MSG_SEND_DIRECT_RESP_32 FFA_FID32(0x70)
#define FFA_MSG_SEND_DIRECT_RESP_64 FFA_FID64(0x70)
#define FFA_MEM_DONATE_32 FFA_FID32(0x71)
#define FFA_MEM_DONATE_64 FFA_FID64(0x71)
#define FFA_MEM_LEND_32 FFA_FID32(0x72)
#define FFA_MEM_LEND_64 FFA_FID64(0x72)
#define FFA_MEM_SHARE_32 FFA_FID32(0x73)
#define FFA_MEM_SHARE_64 FFA_FID64(0x73)
#define FFA_MEM_RETRIEVE_REQ_32 FFA_FID32(0x74)
#define FFA_MEM_RETRIEVE_REQ_64 FFA_FID64(0x74)
#define FFA_MEM_RETRIEVE_RESP_32 FFA_FID32(0x75)
#define FFA_MEM_RELINQUISH_32 FFA_FID32(0x76)
#define FFA_MEM_RECLAIM_32 FFA_FID32(0x77)
#define FFA_MEM_OP_PAUSE_32 FFA_FID32(0x78)
#define FFA_MEM_OP_RESUME_32 FFA_FID32(0x79)
#define FFA_MEM_FRAG_RX_32 FFA_FID32(0x7A)
#define FFA_MEM_FRAG_TX_32 FFA_FID32(0x7B)
#define FFA_NORMAL_WORLD_RESUME_32 FFA_FID32(0x7C)
#define FFA_NOTIFICATION_BITMAP_CREATE_32 FFA_FID32(0x7D)
#define FFA_NOTIFICATION_BITMAP_DESTROY_32 FFA_FID32(0x7E)
#define FFA_NOTIFICATION_BIND_32 FFA_FID32(0x7F)
#define FFA_NOTIFICATION_UNBIND_32 FFA_FID32(0x80)
#define FFA_NOTIFICATION_SET_32 FFA_FID32(0x81)
#define FFA_NOTIFICATION_GET_32 FFA_FID32(0x82)
#define FFA_NOTIFICATION_INFO_GET_32 FFA_FID32(0x83)
#define FFA_NOTIFICATION_INFO_GET_64 FFA_FID64(0x83)
#define FFA_RX_ACQUIRE_32 FFA_FID32(0x84)
#define FFA_SPM_ID_GET_32 FFA_FID32(0x85)
#define FFA_MSG_SEND2_32 FFA_FID32(0x86)
#define FFA_SECONDARY_EP_REGISTER_32 FFA_FID32(0x87)
#define FFA_SECONDARY_EP_REGISTER_64 FFA_FID64(0x87)
#define FFA_MEM_PERM_GET_32 FFA_FID32(0x88)
#define FFA_MEM_PERM_GET_64 FFA_FID64(0x88)
#define FFA_MEM_PERM_SET_32 FFA_FID32(0x89)
#define FFA_MEM_PERM_SET_64 FFA_FID64(0x89)
#define FFA_CONSOLE_LOG_32 FFA_FID32(0x8A)
#define FFA_CONSOLE_LOG_64 FFA_FID64(0x8A)
#define FFA_PARTITION_INFO_GET_REGS_64 FFA_FID64(0x8B)
#define FFA_EL3_INTR_HANDLE_32 FFA_FID32(0x8C)
#define FFA_MSG_SEND_DIRECT_REQ2_64 FFA_FID64(0x8D)
#define FFA_MSG_SEND_DIRECT_RESP2_64 FFA_FID64(0x8E)

/* ---- Versions (ffa-abi.md 5) ---------------------------------------------- */

#define FFA_VERSION_MAKE(major, minor) \
	((uint32_t)(((uint32_t)(major) & 0x7FFFu) << 16) | ((uint32_t)(minor) & 0xFFFFu))
#define FFA_VERSION_MAJOR(v) ((uint16_t)(((uint32_t)(v) >> 16) & 0x7FFFu))
#define FFA_VERSION_MINOR(v) ((uint16_t)((uint32_t)(v) & 0xFFFFu))
#define FFA_VERSION_1_0 FFA_VERSION_MAKE(1, 0)
#define FFA_VERSION_1_1 FFA_VERSION_MAKE(1, 1)
#define FFA_VERSION_1_2 FFA_VERSION_MAKE(1, 2)
#define FFA_VERSION_1_3 FFA_VERSION_MAKE(1, 3)
/** The highest version this library implements and asks for by default. */
#define FFA_VERSION_LATEST FFA_VERSION_1_2
/** The raw w0 of a refused FFA_VERSION (NOT_SUPPORTED, bit 31 set). */
#define FFA_VERSION_NOT_SUPPORTED 0xFFFFFFFFu

/* ---- FFA_FEATURES feature IDs (ffa-abi.md 6.1) ---------------------------- */

#define FFA_FEATURE_NPI 0x1u /**< Notification pending interrupt */
#define FFA_FEATURE_SRI 0x2u /**< Schedule receiver interrupt */
#define FFA_FEATURE_MEI 0x3u /**< Managed exit interrupt */
#define FFA_FEATURE_NOTIFICATION 0x4u /**< v1.3 notification features */

/* MEM_RETRIEVE_REQ input property: caller handles the NS bit (v1.1). */
#define FFA_FEATURES_RETRIEVE_IN_NS_BIT (1u << 1)

/* ---- Partition properties (ffa-abi.md 8.2) -------------------------------- */

#define FFA_PART_PROP_DIRECT_REQ_RECV (1u << 0)
#define FFA_PART_PROP_DIRECT_REQ_SEND (1u << 1)
#define FFA_PART_PROP_INDIRECT_MSG (1u << 2)
#define FFA_PART_PROP_NOTIFICATION_RECV (1u << 3)
#define FFA_PART_PROP_ID_TYPE_SHIFT 4
#define FFA_PART_PROP_ID_TYPE_MASK (3u << 4)
#define FFA_PART_PROP_ID_TYPE_PE 0u
#define FFA_PART_PROP_ID_TYPE_SEPID_INDEP 1u
#define FFA_PART_PROP_ID_TYPE_SEPID_DEP 2u
#define FFA_PART_PROP_ID_TYPE_AUX 3u
#define FFA_PART_PROP_VM_CREATED (1u << 6)
#define FFA_PART_PROP_VM_DESTROYED (1u << 7)
#define FFA_PART_PROP_AARCH64 (1u << 8)
#define FFA_PART_PROP_DIRECT_REQ2_RECV (1u << 9)
#define FFA_PART_PROP_DIRECT_REQ2_SEND (1u << 10)
#define FFA_PART_PROP_LIVE_ACTIVATION (1u << 11)

/** PARTITION_INFO_GET w5 bit 0: return the count only (v1.1+). */
#define FFA_PARTITION_INFO_FLAG_COUNT_ONLY (1u << 0)

/** Partition descriptor sizes per layout (ffa-abi.md 8.1). */
#define FFA_PARTITION_INFO_SIZE_V1_0 8u
#define FFA_PARTITION_INFO_SIZE_V1_1 24u
#define FFA_PARTITION_INFO_SIZE_V1_3 48u

/* ---- Endpoint IDs (ffa-abi.md 7) ------------------------------------------ */

/** Bit 15 of an endpoint ID: set for secure-world endpoints. */
#define FFA_ID_SECURE_BIT 0x8000u
/** Translation granule FF-A counts buffers in. */
#define FFA_PAGE_SIZE 4096u

#endif /* FFA_DEFS_H */
