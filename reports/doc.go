// Package reports owns syninfo's report rendering, for the accuracy report
// of a sweep and for the paper's pages alike:
//
//   - One report stack: a Page is a list of blocks (headings, paragraphs,
//     lists, tables, figures, code); RenderMarkdown and RenderHTML render it
//     by templates as report.md and a self-contained index.html (CSS and
//     figures inline, no script, no URL). Every string of a page is plain
//     text, escaped for each format, so names taken from the input cannot
//     change the markup.
//   - One number formatter (Num, Fixed, Sig, Pct, Share): a missing value
//     is "–", infinities "+∞" and "−∞".
//   - One plot helper (RenderFigure, NewPlot, DrawWithLegend, Scatter,
//     Line, LogTicks, RowTicks, AsinhScale, gonum.org/v1/plot): legends in
//     a strip beside the data, byte-stable SVG and PNG.
//
// Write builds the accuracy report of a sweep's records: the answer first
// (where the closed form is within 5% or 0.01 nats of the truth, where not
// and by how much, where it breaks down, how far the truth can be trusted),
// the figures, the estimators checked against the exact references, when
// the records carry approximations (fw, corrected1, corrected2) their
// ranking by regime (a table per dimension n, K, σ², ρ and a figure: per bin
// and approximation the RMS, median and median relative |error| on the
// cases every approximation and the truth share, the share of real errors,
// and the truth's median uncertainty beside them), the
// aggregates, the largest errors (by |I_FW − I|, each called real or not)
// and the failures, with results.csv (one row per case) and
// sweep-config.json (the configuration the reproduction commands name).
// Check refuses records that cannot make one report (conflicting duplicate
// ids, two configurations).
//
// Every number is in nats. Every file is a deterministic function of the
// records (in any order) and the options: no timestamps, no map order.
package reports
