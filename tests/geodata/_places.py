"""Places the geodata tests check, each with the public page its coordinates come from."""

from __future__ import annotations

# (lat, lon). Sugovushan is the value issue 4 states.
SUGOVUSHAN = (40.331, 46.729)
# https://ipfs.desmos.network/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Hadrut_(town).html
HADRUT = (39.51667, 47.03000)
# https://askwikinow.com/view_html.php?lang=en&q=Aghdam&sq=Sri+Lanka
AGHDAM = (39.99306, 46.93056)
# https://simple.wikipedia.org/wiki/Stepanakert
STEPANAKERT = (39.81528, 46.75194)
# Jolfa (Iran), on the right bank of the Aras: 38°56′17.19″N 45°37′27.27″E
# https://wonilvalve.com/index.php?q=https%3A%2F%2Fit.wikipedia.org%2Fwiki%2FShahrest%C4%81n_di_Jolfa
JOLFA_IRAN = (38.938108, 45.624242)
