// Package paper owns the reproduction of the paper behind syninfo (Fan and
// Mysore, arXiv:2411.17692; docs/method.md §6): its simulation sets redrawn with
// simsets, the closed form on every draw and the truth (the exact singleton
// reference for n = 1, the entropy-difference estimate with its standard
// error otherwise) on the same draws, the statistics the paper quotes
// (least-squares slopes with 95% confidence intervals, Pearson r and p,
// Student's and Welch's t-tests), the figures, a verdict per claim, the
// synergy question of the paper's Discussion, the claims judged again with
// the corrected forms of package approx on a uniform random subsample of
// the draws that carry a truth (approx.go), and the pages (paper.json,
// report.md, index.html) that put the paper's numbers beside syninfo's.
//
// The truth part runs through compare's sweep engine (DIR/truth.jsonl), so an
// interrupted reproduction resumes where it stopped.
package paper
