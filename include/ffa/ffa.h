/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libffa - umbrella header: include this to get the whole public API.
 */
#ifndef FFA_FFA_H
#define FFA_FFA_H

#include <ffa/defs.h>
#include <ffa/error.h>
#include <ffa/conduit.h>
#include <ffa/ctx.h>
#include <ffa/uuid.h>
#include <ffa/setup.h>
#include <ffa/script.h>
#include <ffa/desc.h>
#include <ffa/msg.h>
#include <ffa/notif.h>
#include <ffa/notif_dispatch.h>

#endif /* FFA_FFA_H */
