/* abi-baseline.c: an empty program, built as the programs are (exported
 * dynamic symbols, hidden visibility, the same sanitizers): what it
 * exports is what the toolchain exports on its own, which
 * tests/abi-contract.py allows beside the plugin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
int
main (void)
{
  return 0;
}
