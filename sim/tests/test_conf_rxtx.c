/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance: RX/TX buffers (FFA_RXTX_MAP/UNMAP, FFA_RX_RELEASE,
 * FFA_RX_ACQUIRE, the ownership state machine) and partition information
 * (FFA_PARTITION_INFO_GET, _REGS) per the caller's version
 * (ffa-abi.md 4.1, 7.2, 8, 12; real-spmc-behaviour.md "RX/TX buffers",
 * "Partition info").
 */
#include "sim_test.h"

#include "le.h" /* wire bytes on any host */

static struct ffa_regs map_at(uint16_t ep, uint64_t tx, uint64_t rx, uint32_t pages)
{
	return fx_call(&F, ep, FRAME(FFA_RXTX_MAP_64, tx, rx, pages));
}

static struct ffa_regs pinfo(uint16_t ep, const struct ffa_uuid *u, uint32_t flags)
{
	uint32_t w[4];

	ffa_uuid_to_regs32(u, w);
	return fx_call(&F, ep, FRAME(FFA_PARTITION_INFO_GET_32, w[0], w[1], w[2], w[3], flags));
}

static struct ffa_regs release(uint16_t ep, uint32_t w1)
{
	return fx_call(&F, ep, FRAME(FFA_RX_RELEASE_32, w1));
}

/* @ep negotiates @v and maps its one-page RX/TX pair (fx_map()). */
static void ready(uint16_t ep, uint32_t v)
{
	fx_version(&F, ep, v);
	assert_ffa_success(fx_map(&F, ep));
}

/* pinfo() that must succeed; the answer (w2 count, w3 descriptor size). */
static struct ffa_regs pinfo_ok(uint16_t ep, const struct ffa_uuid *u, uint32_t flags)
{
	struct ffa_regs r = pinfo(ep, u, flags);

	assert_ffa_success(r);
	return r;
}

TestSuite(conf_rxtx, .init = fx_setup, .fini = fx_teardown);

Test(conf_rxtx, map_then_second_map_denied)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(fx_map(&F, VM), FFA_ERR_DENIED);
}

Test(conf_rxtx, unmap_twice_second_invalid)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, remap_after_unmap_also_32_bit)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	if (pa_of(m) >> 32)
		assert_ffa_success(fx_map(&F, VM)); /* 32-bit form cannot name it */
	else
		assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_MAP_32, pa_of(m),
							 pa_of(m + 65536), 1)));
}

Test(conf_rxtx, page_count_zero_or_above_maximum_invalid)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m + 65536), 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m + 65536 * 2), 64),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, misaligned_address_invalid)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_error(map_at(VM, pa_of(m) + 16, pa_of(m + 65536), 1),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m + 65536) + 2048, 1),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, overlapping_tx_and_rx_invalid)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m), 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m + 4096), 2), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, wrapping_range_invalid)
{
	assert_ffa_error(map_at(VM, 0xFFFFFFFFFFFFF000ull, 0x10000, 2),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, memory_the_caller_may_not_use_denied)
{
	uint8_t *other = fx_mem(&F, HYP);

	assert_ffa_error(map_at(VM, pa_of(other), pa_of(other + 65536), 1), FFA_ERR_DENIED);
	assert_ffa_error(map_at(VM, 0x1000, 0x3000, 1), FFA_ERR_DENIED);
}

Test(conf_rxtx, map_mbz_registers_invalid)
{
	uint8_t *m = fx_mem(&F, VM);

	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_MAP_64, pa_of(m), pa_of(m + 65536), 1, 1)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, granule_above_4k_enforced)
{
	uint8_t *m;

	fx_teardown();
	fx_config(&F);
	F.cfg.rxtx_min_pages = 4;
	fx_create(&F);
	m = fx_mem(&F, VM);
	assert_ffa_error(map_at(VM, pa_of(m), pa_of(m + 65536), 1), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(map_at(VM, pa_of(m + 4096), pa_of(m + 65536), 4),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(map_at(VM, pa_of(m), pa_of(m + 65536), 4));
}

Test(conf_rxtx, memory_in_another_endpoints_buffers_denied)
{
	/* A host that lets everyone name everything: the simulator still
	 * refuses a pair inside another endpoint's pair. */
	uint8_t *m = fx_mem(&F, VM);

	cr_assert_eq(ffa_sim_regions_add(&F.regions, HYP, pa_of(m), m, REGION_SIZE), 0);
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(map_at(HYP, pa_of(m + 65536), pa_of(m + 131072), 1), FFA_ERR_DENIED);
	assert_ffa_success(map_at(HYP, pa_of(m + 131072), pa_of(m + 196608), 1));
}

Test(conf_rxtx, unmap_id_fields)
{
	assert_ffa_success(fx_map(&F, VM));
	/* w1[15:0] MBZ; only the hypervisor names another endpoint. */
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32, 1)), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32, (uint32_t)EXT << 16)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, EXT, FRAME(FFA_RXTX_UNMAP_32, (uint32_t)VM << 16)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RXTX_UNMAP_32, (uint32_t)VM << 16)));
	assert_ffa_success(fx_map(&F, VM));
}

Test(conf_rxtx, rx_release_without_ownership_denied)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(release(VM, 0), FFA_ERR_DENIED);
}

Test(conf_rxtx, rx_release_with_nothing_mapped_invalid)
{
	assert_ffa_error(release(VM, 0), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, rx_release_vm_id_from_non_hypervisor_invalid)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_error(release(VM, HYP + 5), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(release(VM, 0x10000), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, producer_rx_handover_and_release)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(pinfo(VM, NULL, 0));
	assert_ffa_error(pinfo(VM, NULL, 0), FFA_ERR_BUSY); /* still owned by the caller */
	assert_ffa_success(release(VM, 0));
	assert_ffa_error(release(VM, 0), FFA_ERR_DENIED);
	assert_ffa_success(pinfo(VM, NULL, 0));
}

Test(conf_rxtx, rx_acquire_by_non_hypervisor_not_supported)
{
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, VM, FRAME(FFA_RX_ACQUIRE_32, VM)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_rxtx, rx_acquire_cycle)
{
	fx_version(&F, HYP, FFA_VERSION_1_1);
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)),
			 FFA_ERR_INVALID_PARAMETERS); /* nothing mapped yet */
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)), FFA_ERR_DENIED);
	/* Producers meet BUSY while the hypervisor holds it; the VM does not
	 * own it either. */
	assert_ffa_error(pinfo(VM, NULL, 0), FFA_ERR_BUSY);
	assert_ffa_error(release(VM, 0), FFA_ERR_DENIED);
	assert_ffa_success(release(HYP, VM));
	assert_ffa_error(release(HYP, VM), FFA_ERR_DENIED);
	assert_ffa_success(pinfo(VM, NULL, 0));
}

Test(conf_rxtx, rx_acquire_of_a_busy_buffer_denied)
{
	fx_version(&F, HYP, FFA_VERSION_1_1);
	ready(VM, FFA_VERSION_1_1);
	assert_ffa_success(pinfo(VM, NULL, 0));
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)), FFA_ERR_DENIED);
	/* The hypervisor may release on the VM's behalf. */
	assert_ffa_success(release(HYP, VM));
	assert_ffa_success(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)));
}

Test(conf_rxtx, rx_acquire_of_partition_or_unknown_invalid)
{
	fx_version(&F, HYP, FFA_VERSION_1_1);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, EXT)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, NO_SUCH_VM)),
			 FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, (uint32_t)VM << 16)),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_rxtx, rx_acquire_at_v1_0_not_supported)
{
	assert_ffa_error(fx_call(&F, HYP, FRAME(FFA_RX_ACQUIRE_32, VM)), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_rxtx, unmap_while_rx_owned_returns_it)
{
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(pinfo(VM, NULL, 0));
	assert_ffa_success(fx_call(&F, VM, FRAME(FFA_RXTX_UNMAP_32)));
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(pinfo(VM, NULL, 0)); /* owned by the producer again */
}

/* ---- FFA_PARTITION_INFO_GET -------------------------------------------------- */

TestSuite(conf_partinfo, .init = fx_setup, .fini = fx_teardown);

struct desc {
	uint16_t id, vcpus;
	uint32_t props;
	struct ffa_uuid uuid;
};

static struct desc read_desc(const uint8_t *p, uint32_t size)
{
	struct desc d = { .id = (uint16_t)(p[0] | p[1] << 8), .vcpus = (uint16_t)(p[2] | p[3] << 8),
			  .props = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
				   (uint32_t)p[7] << 24 };

	if (size >= 24)
		memcpy(d.uuid.b, p + 8, 16);
	return d;
}

Test(conf_partinfo, v1_0_caller_gets_8_byte_descriptors_masked)
{
	struct ffa_regs r;
	struct desc d;

	assert_ffa_success(fx_map(&F, VM));
	r = pinfo_ok(VM, NULL, 0);
	cr_assert_eq(r.x[2], 5); /* one per partition */
	cr_assert_eq(r.x[3], 8);
	d = read_desc(fx_rx(&F, VM), 8);
	cr_assert_eq(d.id, ECHO);
	cr_assert_eq(d.vcpus, 4);
	cr_assert_eq(d.props, FFA_PART_PROP_DIRECT_REQ_RECV | FFA_PART_PROP_INDIRECT_MSG);
	d = read_desc(fx_rx(&F, VM) + 8 * 2, 8);
	cr_assert_eq(d.id, EXT);
	cr_assert_eq(d.props, 0x7);
}

Test(conf_partinfo, v1_1_caller_gets_24_byte_descriptors_one_per_partition)
{
	struct ffa_regs r;
	struct desc d;

	ready(VM, FFA_VERSION_1_1);
	r = pinfo_ok(VM, NULL, 0);
	cr_assert_eq(r.x[2], 5);
	cr_assert_eq(r.x[3], 24);
	d = read_desc(fx_rx(&F, VM), 24);
	cr_assert_eq(d.id, ECHO);
	cr_assert(ffa_uuid_equal(&d.uuid, &ECHO_UUID));
	/* v1.1 defines bits [8:0]: REQ2 bits are not reported. */
	cr_assert_eq(d.props, F.eps[2].properties & 0x1FFu);
}

Test(conf_partinfo, v1_2_caller_gets_one_descriptor_per_uuid)
{
	static const uint16_t ids[] = { ECHO, ECHO, NOTI, EXT, EXT, A32, QUIET };
	struct ffa_regs r;

	ready(VM, FFA_VERSION_1_2);
	r = pinfo_ok(VM, NULL, 0);
	cr_assert_eq(r.x[2], ARRAY_LEN(ids));
	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		struct desc d = read_desc(fx_rx(&F, VM) + 24 * i, 24);

		cr_assert_eq(d.id, ids[i]);
	}
	{
		struct desc d = read_desc(fx_rx(&F, VM) + 24, 24);

		cr_assert(ffa_uuid_equal(&d.uuid, &SHARED_UUID));
	}
	cr_assert_eq(read_desc(fx_rx(&F, VM), 24).props, F.eps[2].properties);
}

Test(conf_partinfo, specific_uuid_lists_its_partitions_with_nil_uuid_field)
{
	struct ffa_regs r;
	struct desc d;
	const struct ffa_uuid nil = FFA_UUID_NIL_INIT;

	ready(VM, FFA_VERSION_1_2);
	r = pinfo_ok(VM, &SHARED_UUID, 0);
	cr_assert_eq(r.x[2], 2);
	d = read_desc(fx_rx(&F, VM), 24);
	cr_assert_eq(d.id, ECHO);
	cr_assert(ffa_uuid_equal(&d.uuid, &nil));
	cr_assert_eq(read_desc(fx_rx(&F, VM) + 24, 24).id, EXT);
}

Test(conf_partinfo, unknown_uuid_invalid)
{
	ready(VM, FFA_VERSION_1_2);
	assert_ffa_error(pinfo(VM, &UNKNOWN_UUID, 0), FFA_ERR_INVALID_PARAMETERS);
	assert_ffa_success(pinfo(VM, NULL, 0)); /* the RX buffer was not taken */
}

Test(conf_partinfo, count_only_leaves_rx_alone)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_1);
	r = pinfo_ok(VM, NULL, FFA_PARTITION_INFO_FLAG_COUNT_ONLY); /* no RX/TX needed */
	cr_assert_eq(r.x[2], 5);
	cr_assert_eq(r.x[3], 0);
	assert_ffa_success(fx_map(&F, VM));
	assert_ffa_success(pinfo(VM, &EXT_UUID, FFA_PARTITION_INFO_FLAG_COUNT_ONLY));
	assert_ffa_error(release(VM, 0), FFA_ERR_DENIED);
}

Test(conf_partinfo, flags_mbz)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(pinfo(VM, NULL, 2), FFA_ERR_INVALID_PARAMETERS);
	fx_version(&F, HYP, FFA_VERSION_1_0);
	assert_ffa_error(pinfo(HYP, NULL, FFA_PARTITION_INFO_FLAG_COUNT_ONLY),
			 FFA_ERR_INVALID_PARAMETERS); /* v1.0: w5 MBZ */
}

Test(conf_partinfo, rx_not_mapped_busy)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(pinfo(VM, NULL, 0), FFA_ERR_BUSY);
}

Test(conf_partinfo, rx_tail_zeroed)
{
	struct ffa_regs r;
	uint8_t *rx = fx_rx(&F, VM);

	ready(VM, FFA_VERSION_1_1);
	memset(rx, 0xEE, 4096);
	r = pinfo_ok(VM, NULL, 0);
	for (size_t i = r.x[2] * r.x[3]; i < 4096; i++)
		cr_assert_eq(rx[i], 0, "stale byte at %zu", i);
}

Test(conf_partinfo, only_partitions_listed_spmc_and_vms_not)
{
	struct ffa_regs r;

	ready(EXT, FFA_VERSION_1_1);
	r = pinfo_ok(EXT, NULL, 0);
	cr_assert_eq(r.x[2], 5);
	for (size_t i = 0; i < 5; i++) {
		struct desc d = read_desc(fx_rx(&F, EXT) + 24 * i, 24);

		cr_assert(d.id & 0x8000u);
		cr_assert_neq(d.id, SPMC);
	}
}

Test(conf_partinfo, descriptors_that_do_not_fit_no_memory)
{
	static struct ffa_sim_endpoint_config many[180];
	static struct ffa_uuid uuids[180];

	fx_teardown();
	fx_config_many(&F, many, uuids, ARRAY_LEN(many));
	fx_create(&F);
	ready(VM, FFA_VERSION_1_1);
	assert_ffa_error(pinfo(VM, NULL, 0), FFA_ERR_NO_MEMORY); /* 179 x 24 > 4096 */
	assert_ffa_success(pinfo(VM, NULL, FFA_PARTITION_INFO_FLAG_COUNT_ONLY));
	assert_ffa_error(release(VM, 0), FFA_ERR_DENIED); /* nothing handed over */
}

TestSuite(conf_partinfo_quirks, .fini = fx_teardown);

Test(conf_partinfo_quirks, hafnium_48_byte_descriptors)
{
	struct ffa_regs r;

	fx_config(&F);
	ffa_sim_quirks_profile(FFA_SIM_PROFILE_HAFNIUM, &F.cfg.quirks);
	fx_create(&F);
	ready(VM, FFA_VERSION_1_1);
	r = pinfo_ok(VM, NULL, 0);
	cr_assert_eq(r.x[3], 48);
	cr_assert_eq(r.x[2], 5);
	/* Partition FF-A version at offset 40: A32 speaks v1.1. */
	cr_assert_eq(fx_rx(&F, VM)[48 * 3 + 40], 1);
	cr_assert_eq(fx_rx(&F, VM)[48 * 3 + 42], 1);
}

Test(conf_partinfo_quirks, optee_unknown_uuid_lists_nothing_but_hands_rx_over)
{
	struct ffa_regs r;

	fx_config(&F);
	ffa_sim_quirks_profile(FFA_SIM_PROFILE_OPTEE, &F.cfg.quirks);
	fx_create(&F);
	ready(VM, FFA_VERSION_1_1);
	r = pinfo_ok(VM, &UNKNOWN_UUID, 0);
	cr_assert_eq(r.x[2], 0);
	assert_ffa_error(pinfo(VM, NULL, 0), FFA_ERR_BUSY);
	assert_ffa_success(release(VM, 0));
}

Test(conf_partinfo_quirks, fill_uuid_of_a_specific_query)
{
	fx_config(&F);
	F.cfg.quirks.part_info_fill_uuid = true;
	fx_create(&F);
	ready(VM, FFA_VERSION_1_1);
	struct desc d;

	assert_ffa_success(pinfo(VM, &EXT_UUID, 0));
	d = read_desc(fx_rx(&F, VM), 24);
	cr_assert(ffa_uuid_equal(&d.uuid, &EXT_UUID));
}

/* ---- FFA_PARTITION_INFO_GET_REGS ----------------------------------------------- */

static struct ffa_regs regs(uint16_t ep, const struct ffa_uuid *u, uint64_t x3)
{
	uint64_t lo, hi;

	ffa_uuid_to_regs64(u, &lo, &hi);
	return fx_call(&F, ep, FRAME(FFA_PARTITION_INFO_GET_REGS_64, lo, hi, x3));
}

Test(conf_partinfo, regs_first_answer_fields_and_packing)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_2);
	r = regs(VM, NULL, 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq(r.x[2] & 0xFFFF, 6);          /* last index: 7 descriptors */
	cr_assert_eq((r.x[2] >> 16) & 0xFFFF, 4);  /* 5 in this answer */
	cr_assert_neq((r.x[2] >> 32) & 0xFFFF, 0); /* a tag */
	cr_assert_eq(r.x[2] >> 48, 24);
	/* The same bytes PARTITION_INFO_GET writes, 8 at a time (LE). */
	assert_ffa_success(fx_map(&F, VM));
	pinfo_ok(VM, NULL, 0);
	for (unsigned int i = 0; i < 15; i++)
		cr_assert_eq(r.x[3 + i], ffa_le64(fx_rx(&F, VM) + 8 * i), "register x%u", 3 + i);
}

Test(conf_partinfo, regs_continue_with_tag_to_the_end)
{
	struct ffa_regs r, r2;
	uint64_t tag;

	fx_version(&F, VM, FFA_VERSION_1_2);
	r = regs(VM, NULL, 0);
	tag = (r.x[2] >> 32) & 0xFFFF;
	r2 = regs(VM, NULL, 5 | tag << 16);
	cr_assert_eq(r2.x[0], FFA_SUCCESS_64);
	cr_assert_eq((r2.x[2] >> 16) & 0xFFFF, 6);
	cr_assert_eq(r2.x[3] & 0xFFFF, A32);
	cr_assert_eq(r2.x[6] & 0xFFFF, QUIET);
	cr_assert_eq(r2.x[9], 0);
}

Test(conf_partinfo, regs_stale_tag_retry)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(regs(VM, NULL, 5 | 0x7777u << 16), FFA_ERR_RETRY);
}

Test(conf_partinfo, regs_tag_with_start_zero_invalid)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(regs(VM, NULL, 1u << 16), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_partinfo, regs_start_beyond_count_invalid)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_2);
	r = regs(VM, NULL, 0);
	assert_ffa_error(regs(VM, NULL, 7 | ((r.x[2] >> 32) & 0xFFFF) << 16),
			 FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_partinfo, regs_x3_upper_half_mbz)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(regs(VM, NULL, 1ull << 32), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_partinfo, regs_unknown_uuid_invalid)
{
	fx_version(&F, VM, FFA_VERSION_1_2);
	assert_ffa_error(regs(VM, &UNKNOWN_UUID, 0), FFA_ERR_INVALID_PARAMETERS);
}

Test(conf_partinfo, regs_below_v1_2_not_supported)
{
	fx_version(&F, VM, FFA_VERSION_1_1);
	assert_ffa_error(regs(VM, NULL, 0), FFA_ERR_NOT_SUPPORTED);
}

Test(conf_partinfo, regs_uuid_is_two_little_endian_registers)
{
	struct ffa_regs r;

	fx_version(&F, VM, FFA_VERSION_1_2);
	r = regs(VM, &NOTI_UUID, 0);
	cr_assert_eq(r.x[0], FFA_SUCCESS_64);
	cr_assert_eq(r.x[2] & 0xFFFF, 0);
	cr_assert_eq(r.x[3] & 0xFFFF, NOTI);
}

Test(conf_partinfo_quirks, regs_48_byte_descriptors_two_per_answer)
{
	struct ffa_regs r;

	fx_config(&F);
	F.cfg.quirks.part_info_v1_3_desc = true;
	fx_create(&F);
	fx_version(&F, VM, FFA_VERSION_1_2);
	r = regs(VM, NULL, 0);
	cr_assert_eq(r.x[2] >> 48, 48);
	cr_assert_eq((r.x[2] >> 16) & 0xFFFF, 1);
	cr_assert_eq(r.x[3] & 0xFFFF, ECHO);
	cr_assert_eq(r.x[9] & 0xFFFF, ECHO);
	cr_assert_eq(r.x[15], 0);
}
