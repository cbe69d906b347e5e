"""Actions of levies, requisitions and housing expropriation; each records one case step."""
