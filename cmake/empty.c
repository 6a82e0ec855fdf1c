/* SPDX-License-Identifier: BSD-3-Clause */
/* Placeholder so the library target exists before any libffa source does. */
typedef int ffa__empty_translation_unit;
