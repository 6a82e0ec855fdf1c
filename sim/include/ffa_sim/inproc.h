/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffa_sim - the in-process conduit: a struct ffa_conduit bound to one
 * endpoint of a simulator in the same process, so libffa's client calls run
 * against the simulator core (unit tests, examples, both sides of a test).
 *
 * A call that blocks in the simulator (a direct request to an external
 * partition, FFA_MSG_WAIT of a partition played by the test...) cannot
 * return until another endpoint acts. The conduit then calls the wait hook
 * until the answer is there:
 *  - single-threaded: the hook plays the other side (it makes that
 *    endpoint's calls with ffa_sim_call()/ffa_sim_take_answer(), or through
 *    that endpoint's own conduit) and returns true;
 *  - multi-threaded: the hook sleeps until the simulator's wake() hook
 *    signals this endpoint, and the lock hooks serialise the simulator.
 * Freestanding, like the core.
 */
#ifndef FFA_SIM_INPROC_H
#define FFA_SIM_INPROC_H

#include <stdbool.h>
#include <stdint.h>

#include <ffa/conduit.h>
#include <ffa_sim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ffa_sim_inproc - the conduit's state (caller-owned; must outlive
 * the conduit). Set the hooks after ffa_sim_inproc_init(); all optional.
 * @sim, @endpoint: the simulator and the endpoint this conduit calls as.
 * @wait:    called while the call is blocked, until the answer arrives; true
 *           to keep waiting, false to give up (the call then fails with
 *           FFA_ERR_CONDUIT and the endpoint stays blocked in the
 *           simulator: collect its answer with ffa_sim_take_answer()
 *           before calling again). NULL: give up at once.
 * @lock, @unlock: around every use of the simulator (NULL: none).
 * @arg:     passed to the hooks.
 */
struct ffa_sim_inproc {
	struct ffa_sim *sim;
	uint16_t endpoint;
	bool (*wait)(void *arg, struct ffa_sim_inproc *ip);
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *arg;
};

/**
 * ffa_sim_inproc_init() - bind @ip to (@sim, @endpoint) and fill @conduit
 * (capabilities: SMC64 and x8..x17).
 * Returns 0; FFA_ERR_BAD_ARGUMENT for NULL pointers or an endpoint @sim
 * does not have (or a built-in partition).
 */
int ffa_sim_inproc_init(struct ffa_sim_inproc *ip, struct ffa_sim *sim, uint16_t endpoint,
			struct ffa_conduit *conduit);

#ifdef __cplusplus
}
#endif

#endif /* FFA_SIM_INPROC_H */
