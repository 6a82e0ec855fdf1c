/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - the socket conduit (hosted, POSIX/Linux): FF-A calls to the
 * ffa-simd simulator daemon over a Unix socket.
 *
 * Wire protocol: docs/socket-protocol.md. In short: SOCK_SEQPACKET frames
 * of a 16-byte header (magic, version, type, payload length, sequence) and
 * a fixed payload per type; CALL and ANSWER carry the 18 registers as
 * little-endian 64-bit words. The client creates an *arena* (a memfd)
 * that holds its RX/TX buffers and the memory it shares, and hands it to
 * the daemon with SCM_RIGHTS in the HELLO frame; "physical addresses" are
 * arena offsets plus a non-zero base the daemon assigns (WELCOME). Memory
 * another client lends to this one arrives as a MAP frame (the lender's
 * arena) and is reached with ffa_conduit_socket_pa_to_va().
 *
 * The frame codec (ffa_sock_frame_*) is shared by the conduit and the daemon.
 */
#ifndef FFA_CONDUIT_SOCKET_H
#define FFA_CONDUIT_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/conduit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Wire constants (docs/socket-protocol.md) ----------------------------- */

#define FFA_SOCK_MAGIC 0x53414646u  /**< "FFAS" as little-endian bytes */
#define FFA_SOCK_VERSION 1u
#define FFA_SOCK_HDR_SIZE 16u

/** Frame types. */
enum ffa_sock_type {
	FFA_SOCK_HELLO = 1,   /**< client: endpoint, arena size (+ arena fd) */
	FFA_SOCK_WELCOME = 2, /**< server: status, arena base address */
	FFA_SOCK_CALL = 3,    /**< client: x0..x17 */
	FFA_SOCK_ANSWER = 4,  /**< server: x0..x17, sequence of the CALL */
	FFA_SOCK_ASYNC = 5,   /**< server: an interrupt (SRI / NPI) */
	FFA_SOCK_MAP = 6,     /**< server: another endpoint's arena (+ fd) */
};

/** Payload size of each frame type. */
#define FFA_SOCK_HELLO_LEN 16u
#define FFA_SOCK_WELCOME_LEN 16u
#define FFA_SOCK_REGS_LEN (8u * FFA_REGS_COUNT)
#define FFA_SOCK_ASYNC_LEN 8u
#define FFA_SOCK_MAP_LEN 24u
/** Largest frame on the wire. */
#define FFA_SOCK_FRAME_MAX (FFA_SOCK_HDR_SIZE + FFA_SOCK_REGS_LEN)

/** ASYNC kinds. */
#define FFA_SOCK_ASYNC_SRI 1u /**< Schedule Receiver Interrupt (to the scheduler) */
#define FFA_SOCK_ASYNC_NPI 2u /**< Notification Pending Interrupt */

/** "Physical addresses": arena of endpoint slot n starts at
 *  FFA_SOCK_PA_BASE + n * FFA_SOCK_PA_STRIDE (the daemon says which). */
#define FFA_SOCK_PA_BASE 0x800000000000ull
#define FFA_SOCK_PA_STRIDE 0x100000000ull
/** Largest arena (bytes); arenas are whole 4 KiB pages. */
#define FFA_SOCK_ARENA_MAX 0x40000000ull
/** Default arena size of ffa_conduit_socket_connect() (@arena_size 0). */
#define FFA_SOCK_ARENA_DEFAULT (1024u * 1024u)

/**
 * struct ffa_sock_frame - one decoded frame.
 * @type, @seq: header fields.
 * @regs:     CALL / ANSWER registers.
 * @endpoint: HELLO: the endpoint the connection plays; MAP: the arena's owner.
 * @status:   WELCOME: 0 or a negative FF-A / libffa code.
 * @base:     WELCOME / MAP: the arena's first address. 
 * @size:     HELLO / MAP: the arena's size in bytes.
 * @kind, @arg: ASYNC: FFA_SOCK_ASYNC_* and its interrupt ID.
 */
struct ffa_sock_frame {
	uint32_t type;
	uint32_t seq;
	struct ffa_regs regs;
	uint16_t endpoint;
	int32_t status;
	uint64_t base;
	uint64_t size;
	uint32_t kind;
	uint32_t arg;
};

/**
 * ffa_sock_frame_encode() - write @f as wire bytes into @buf.
 * Returns the frame length (header + payload); FFA_ERR_BAD_ARGUMENT for
 * NULL pointers or an unknown type; FFA_ERR_BUFFER_TOO_SMALL if @cap is
 * below it.
 */
int ffa_sock_frame_encode(const struct ffa_sock_frame *f, void *buf, size_t cap);

/**
 * ffa_sock_frame_decode() - read one frame of exactly @len bytes.
 * Every field not carried by the type is zeroed. Returns 0;
 * FFA_ERR_BAD_ARGUMENT for NULL pointers; FFA_ERR_PROTOCOL for a short
 * header, wrong magic or version, unknown type, a length field that is not
 * the type's payload size or does not match @len, or non-zero reserved
 * fields.
 */
int ffa_sock_frame_decode(struct ffa_sock_frame *f, const void *buf, size_t len);

/* ---- The client conduit ----------------------------------------------------- */

/** A connection to ffa-simd (opaque; ffa_conduit_socket_connect()). */
struct ffa_conduit_socket;

/**
 * ffa_conduit_socket_default_path() - the daemon's socket path when none is
 * given: $FFA_SIMD_SOCKET if set, else $XDG_RUNTIME_DIR/ffa-simd.sock if
 * XDG_RUNTIME_DIR is set, else /tmp/ffa-simd.sock.
 * @buf: receives the path (NUL-terminated) in @cap bytes.
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @buf; FFA_ERR_BUFFER_TOO_SMALL.
 */
int ffa_conduit_socket_default_path(char *buf, size_t cap);

/**
 * ffa_conduit_socket_connect() - connect to the daemon at @path as endpoint
 * @endpoint (a VM ID, or an external SP the daemon's manifest names), with
 * an arena of @arena_size bytes (rounded up to 4 KiB; 0 =
 * FFA_SOCK_ARENA_DEFAULT).
 * @path: NULL = ffa_conduit_socket_default_path().
 * @out:  receives the connection (free with ffa_conduit_socket_close()).
 *
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL @out, an arena above
 * FFA_SOCK_ARENA_MAX or a path too long for a socket address;
 * FFA_ERR_NO_MEMORY; FFA_ERR_CONDUIT when the daemon cannot be reached or
 * the handshake fails on the wire; FFA_ERR_PROTOCOL for a malformed
 * answer; the daemon's refusal (WELCOME status): FFA_ERR_INVALID_PARAMETERS
 * (no such endpoint), FFA_ERR_BUSY (another connection plays it),
 * FFA_ERR_DENIED (a built-in partition, or an endpoint that died blocked).
 */
int ffa_conduit_socket_connect(const char *path, uint16_t endpoint, size_t arena_size,
			       struct ffa_conduit_socket **out);

/** ffa_conduit_socket_close() - disconnect and free @s (NULL: nothing). */
void ffa_conduit_socket_close(struct ffa_conduit_socket *s);

/**
 * ffa_conduit_socket_conduit() / ffa_conduit_socket_port() - fill @conduit
 * (SMC64, x8..x17) and @port (va_to_pa over the arena and mapped arenas;
 * no lock) for ffa_ctx_init(). @s must outlive the contexts.
 * Return 0 or FFA_ERR_BAD_ARGUMENT for NULL pointers.
 */
int ffa_conduit_socket_conduit(struct ffa_conduit_socket *s, struct ffa_conduit *conduit);
int ffa_conduit_socket_port(struct ffa_conduit_socket *s, struct ffa_port *port);

/**
 * ffa_conduit_socket_alloc() - @pages 4 KiB pages of the arena, zeroed and
 * page aligned (RX/TX buffers, memory to share). Returns the pointer, or
 * NULL for NULL @s, @pages 0 or no room. Owned by the connection; give it
 * back with ffa_conduit_socket_free().
 */
void *ffa_conduit_socket_alloc(struct ffa_conduit_socket *s, uint32_t pages);

/**
 * ffa_conduit_socket_free() - return pages from ffa_conduit_socket_alloc()
 * (@pages as allocated). Returns 0; FFA_ERR_BAD_ARGUMENT if @p / @pages is
 * not an allocation of @s.
 */
int ffa_conduit_socket_free(struct ffa_conduit_socket *s, void *p, uint32_t pages);

/**
 * ffa_conduit_socket_va_to_pa() - the address the daemon understands for
 * @va (in the arena or a mapped arena). Returns true and sets *@pa, or
 * false.
 */
bool ffa_conduit_socket_va_to_pa(struct ffa_conduit_socket *s, const void *va, uint64_t *pa);

/**
 * ffa_conduit_socket_pa_to_va() - a pointer to [@pa, @pa + @size): in this
 * client's arena, or in another endpoint's arena the daemon mapped for it
 * (memory it retrieved). Returns NULL when no mapped arena holds the whole
 * range. Whether FF-A lets this endpoint use the memory is the daemon's
 * business (retrieve first).
 */
void *ffa_conduit_socket_pa_to_va(struct ffa_conduit_socket *s, uint64_t pa, uint64_t size);

/** ffa_conduit_socket_endpoint() / _base(): the endpoint this connection
 *  plays and its arena's first address. */
uint16_t ffa_conduit_socket_endpoint(const struct ffa_conduit_socket *s);
uint64_t ffa_conduit_socket_base(const struct ffa_conduit_socket *s);

/** ffa_conduit_socket_fd() - the socket, for poll() (readable: an
 *  asynchronous frame may be waiting; then ffa_conduit_socket_poll()). */
int ffa_conduit_socket_fd(const struct ffa_conduit_socket *s);

/**
 * ffa_conduit_socket_poll() - take one asynchronous event (SRI / NPI),
 * waiting up to @timeout_ms (0: do not wait; negative: forever). Events that
 * arrived during calls are queued (64; older ones dropped beyond that).
 * @kind: receives FFA_SOCK_ASYNC_*; @intid: its interrupt ID (optional).
 * Returns 1 with an event; 0 none in time; FFA_ERR_BAD_ARGUMENT;
 * FFA_ERR_CONDUIT (connection lost); FFA_ERR_PROTOCOL (malformed frame: the
 * connection is unusable from then on).
 */
int ffa_conduit_socket_poll(struct ffa_conduit_socket *s, int timeout_ms, uint32_t *kind,
			    uint32_t *intid);

#ifdef __cplusplus
}
#endif

#endif /* FFA_CONDUIT_SOCKET_H */
