package main

import (
	"errors"
	"io"
	"os"

	"github.com/syninfo/syninfo/compare"
)

// bytesPerTableValue is the peak memory a value of a table costs knn and
// entropy: the parsed table, the selected columns, the trees and radii.
// Measured with /usr/bin/time -f %M: "syninfo knn --x 0,1 --y 2,3" on a
// 500,000 × 4 table (2e6 values, 40 MB of text) peaks at 91 MB, 46 bytes a
// value; 60 leaves room.
const bytesPerTableValue = 60

// boundTable refuses a table that cannot fit in memory and returns r
// wrapped so that it stops, with a clear error, once it has delivered more
// values than fit. For a regular file the number of values is estimated
// from its size and the density of values in its first MiB, so that a file
// too large is refused at once, before it is read.
func boundTable(e *env, cmd string, r io.Reader, name string) (io.Reader, error) {
	avail, src, err := availableMemory(e)
	if err != nil {
		return nil, err
	}
	budget := memoryFraction * avail / bytesPerTableValue // values that fit
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			head := make([]byte, min(fi.Size(), 1<<20))
			if n, err := f.ReadAt(head, 0); n > 0 && (err == nil || errors.Is(err, io.EOF)) {
				var c valueCounter
				c.count(head[:n])
				values := float64(c.values) * float64(fi.Size()) / float64(n)
				if values > budget {
					return nil, usageErrorf("input: %s (%s, about %.3g values) needs about %s of memory for %s, more than %.0f%% of the %s available (%s); use fewer rows or set SYNINFO_MAX_MEMORY",
						name, compare.FormatBytes(float64(fi.Size())), values, compare.FormatBytes(values*bytesPerTableValue), cmd,
						100*memoryFraction, compare.FormatBytes(avail), src)
				}
			}
		}
	}
	return &boundedTable{r: r, limit: int64(budget), name: name, avail: avail, src: src}, nil
}

// valueCounter counts the values of a table as bytes pass: a value starts
// at a byte that is not a separator (space, tab, comma, CR, LF) after one
// that is. Comment lines count too, which errs on the safe side.
type valueCounter struct {
	values int64
	inside bool
}

func (c *valueCounter) count(b []byte) {
	for _, ch := range b {
		sep := ch == ' ' || ch == '\t' || ch == ',' || ch == '\n' || ch == '\r'
		if !sep && !c.inside {
			c.values++
		}
		c.inside = !sep
	}
}

// boundedTable stops reading once the table holds more values than fit.
type boundedTable struct {
	r     io.Reader
	c     valueCounter
	limit int64
	name  string
	avail float64
	src   string
}

func (b *boundedTable) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.c.count(p[:n])
	if b.c.values > b.limit {
		return 0, usageErrorf("input: %s holds more than %d values, which need more than %.0f%% of the %s available (%s); use fewer rows or set SYNINFO_MAX_MEMORY",
			b.name, b.limit, 100*memoryFraction, compare.FormatBytes(b.avail), b.src)
	}
	return n, err
}
