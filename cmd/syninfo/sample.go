package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/internal/table"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "sample",
		summary: "draws of the weights W_S and of pattern m at the touched neurons, as CSV or .npy",
		order:   30,
		run:     runSample,
	})
}

const sampleSynopsis = `sample [FILE|-] --samples M [--seed 1] [--log] [--format csv|npy] [--out FILE] [--workers W]

Draws the real network of each case (JSON or JSON Lines) M times and writes one table: a row
per draw. The columns are w_I_J for each synapse of the case, in the case's order, named with
I < J, then x_I for each neuron I the synapses touch (ascending), then case: the weight
W_IJ = sum_k X_I^(k) X_J^(k), the value of pattern m at neuron I, and the case's 0-based
position in the input. Several cases share the table (they must have the same columns);
"syninfo knn" and "syninfo entropy" make one estimate per case. Values are printed at full
precision (shortest representation that reads back exactly); with --log they are natural
logarithms, computed without overflow (use --log when weights exceed 1e308).

--format csv (the default) writes a header line and comma-separated rows; --format npy writes
a NumPy .npy file (2-D float64, the same columns in the same order, no names), also chosen
when --out ends in .npy. numpy.load reads it; so do knn and entropy.

The draws of a case come from the stream (seed, case key, chunk): the case key is the hash of
the case's "id" when it has one, else its 0-based position in the input, as in "syninfo
compare", so the same seed reproduces the draws compare uses. The output is identical for any
--workers.`

// maxStreamSamples bounds the draws of one case that sample streams: 2^40
// (a thousand billion rows, days of drawing), far from the integer overflow
// of the chunk count.
const maxStreamSamples = 1 << 40

func runSample(e *env, args []string) error {
	fs := newFlags(e, "sample", sampleSynopsis)
	samples := fs.Int("samples", 0, "number of draws M per case (required, at least 1)")
	seed := fs.Uint64("seed", 1, "random seed")
	logs := fs.Bool("log", false, "write natural logarithms ln W and ln X instead of W and X")
	format := fs.String("format", "", "csv or npy (default csv, or npy when --out ends in .npy)")
	outName := fs.String("out", "", "write the table to this file (replaced only once complete) instead of stdout")
	workers := workersFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *samples < 1 {
		return usageErrorf("--samples: %d, want the number of draws M >= 1 (run 'syninfo sample --help')", *samples)
	}
	if *samples > maxStreamSamples {
		return usageErrorf("--samples: %d, want at most %d (2^40) draws per case", *samples, maxStreamSamples)
	}
	if *workers < 0 {
		return usageErrorf("--workers = %d, want >= 0", *workers)
	}
	switch *format {
	case "":
		*format = "csv"
		if strings.HasSuffix(strings.ToLower(*outName), ".npy") {
			*format = "npy"
		}
	case "csv", "npy":
	default:
		return usageErrorf("--format: %q is not csv or npy", *format)
	}
	// Read and check every case before writing anything: the table's shape
	// (and the .npy header) needs them all.
	type sampled struct {
		c     *model.Case
		s     *empirical.Sampler
		names []string
	}
	var cases []sampled
	err = forEachCase(e, pos, func(i int, c *model.Case) error {
		s, err := empirical.New(c)
		if err != nil {
			return badInput(fmt.Errorf("case %d: %w", i, err))
		}
		names := columnNames(c, s)
		if i > 0 && strings.Join(names, ",") != strings.Join(cases[0].names, ",") {
			return usageErrorf("case %d: columns %s differ from case 0's %s: one table holds cases of the same synapses; sample them separately",
				i, strings.Join(names, ","), strings.Join(cases[0].names, ","))
		}
		cases = append(cases, sampled{c, s, names})
		return nil
	})
	if err != nil {
		return err
	}
	cols := len(cases[0].names)
	if *samples > math.MaxInt64/8/len(cases)/cols {
		return usageErrorf("--samples: %d draws of %d cases are too many for one table", *samples, len(cases))
	}

	var w io.Writer = e.stdout
	var tmp *os.File
	if *outName != "" {
		dir := filepath.Dir(*outName)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return outputError("--out", fmt.Errorf("directory %q does not exist", dir))
		}
		tmp, err = os.CreateTemp(dir, "."+filepath.Base(*outName)+".*.tmp")
		if err != nil {
			return outputError("--out", err)
		}
		// The temporary file goes on any exit: an error, or a signal.
		name := tmp.Name()
		unregister := atInterrupt(func() { os.Remove(name) })
		defer func() {
			unregister()
			if tmp != nil {
				tmp.Close()
				os.Remove(name)
			}
		}()
		w = tmp
	}
	out := bufio.NewWriterSize(w, 1<<16)
	var rows rowWriter
	if *format == "npy" {
		nw, err := table.NewNPYWriter(out, *samples*len(cases), cols)
		if err != nil {
			return err
		}
		rows = &npyRows{nw: nw}
	} else {
		line := []byte(strings.Join(cases[0].names, ",") + "\n")
		if _, err := out.Write(line); err != nil {
			return err
		}
		rows = &csvRows{w: out}
	}
	// Ctrl-C or SIGTERM ends the process (status 130) after removing the
	// temporary file (atInterrupt above).
	for i, sc := range cases {
		if err := sampleCase(e, rows, sc.c, sc.s, i, *samples, *seed, *logs, *workers); err != nil {
			return err
		}
	}
	if err := rows.close(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return outputError("output", err)
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return outputError("--out", err)
		}
		if err := os.Rename(tmp.Name(), *outName); err != nil {
			return outputError("--out", err)
		}
		tmp = nil
	}
	return nil
}

// columnNames are the table's column names for a case.
func columnNames(c *model.Case, s *empirical.Sampler) []string {
	var names []string
	for _, syn := range c.Synapses {
		names = append(names, fmt.Sprintf("w_%d_%d", min(syn[0], syn[1]), max(syn[0], syn[1])))
	}
	for _, n := range s.Touched() {
		names = append(names, fmt.Sprintf("x_%d", n))
	}
	return append(names, "case")
}

// rowWriter writes the rows of the table in one format.
type rowWriter interface {
	row(vals []float64) error
	close() error
}

// csvRows writes comma-separated rows at full precision.
type csvRows struct {
	w    *bufio.Writer
	line []byte
}

func (c *csvRows) row(vals []float64) error {
	c.line = c.line[:0]
	for a, v := range vals {
		if a > 0 {
			c.line = append(c.line, ',')
		}
		c.line = strconv.AppendFloat(c.line, v, 'g', -1, 64)
	}
	c.line = append(c.line, '\n')
	_, err := c.w.Write(c.line)
	return err
}

func (c *csvRows) close() error { return nil }

// npyRows writes float64 rows of a .npy array.
type npyRows struct{ nw *table.NPYWriter }

func (n *npyRows) row(vals []float64) error { return n.nw.WriteRow(vals) }
func (n *npyRows) close() error             { return n.nw.Close() }

// sampleCase writes the rows of case number i.
func sampleCase(e *env, rows rowWriter, c *model.Case, s *empirical.Sampler, i, samples int, seed uint64, logs bool, workers int) error {
	value := func(v float64) float64 {
		if !logs {
			return math.Exp(v)
		}
		return v
	}
	var vals []float64
	last, shown := time.Now(), false
	err := s.Stream(samples, seed, caseKey(i, c), empirical.Options{Workers: workers}, func(ch *empirical.Chunk) error {
		for r := 0; r < ch.Rows; r++ {
			vals = vals[:0]
			for _, v := range ch.LogW[r*ch.Synapses : (r+1)*ch.Synapses] {
				vals = append(vals, value(v))
			}
			for _, v := range ch.LogX[r*ch.Touched : (r+1)*ch.Touched] {
				vals = append(vals, value(v))
			}
			vals = append(vals, float64(i))
			if err := rows.row(vals); err != nil {
				return err
			}
		}
		if e.isTerminal && time.Since(last) > 200*time.Millisecond {
			last, shown = time.Now(), true
			fmt.Fprintf(e.stderr, "\rsample: case %d: %d/%d draws", i, ch.First+ch.Rows, samples)
		}
		return nil
	})
	if shown {
		fmt.Fprintln(e.stderr)
	}
	return err
}
