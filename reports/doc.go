// Package reports owns syninfo's accuracy reports: from the records of a
// sweep it writes report.md, a self-contained index.html (figures inline, CSS
// inline, no network), the figures as SVG and PNG files (gonum.org/v1/plot),
// results.csv with one row per case, and sweep-config.json, the sweep's
// configuration that the reproduction commands of the worst cases name.
//
// Every number is in nats. Every file is a deterministic function of the
// records (in any order) and the options: no timestamps, no map order.
package reports
