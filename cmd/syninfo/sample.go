package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/syninfo/syninfo/empirical"
	"github.com/syninfo/syninfo/model"
)

func init() {
	register(&command{
		name:    "sample",
		summary: "draws of the weights W_S and of pattern m at the touched neurons, as CSV",
		order:   30,
		run:     runSample,
	})
}

const sampleSynopsis = `sample [FILE|-] --samples M [--seed N] [--log] [--out FILE]

Draws the real network of each case (JSON or JSON Lines) M times and writes a
CSV table: a header, then one row per draw. The columns are w_I_J for each
synapse of the case, in the case's order, named with I < J, then x_I for each
neuron I the synapses touch (ascending): the weight W_IJ = sum_k X_I^(k) X_J^(k)
and the value of pattern m at neuron I. Values are printed at full precision
(shortest representation that reads back exactly); with --log they are natural
logarithms, computed without overflow (use --log when weights exceed 1e308).

The draws of a case come from the stream (seed, case key, chunk): the case key
is the hash of the case's "id" when it has one, else its 0-based position in
the input, as in "syninfo compare", so the same seed reproduces the draws
compare uses. The output is identical for any GOMAXPROCS. Several cases give
several tables, each with its header, separated by an empty line.`

func runSample(e *env, args []string) error {
	fs := newFlags(e, "sample", sampleSynopsis)
	samples := fs.Int("samples", 0, "number of draws M per case (required, at least 1)")
	seed := fs.Uint64("seed", 1, "random seed")
	logs := fs.Bool("log", false, "write natural logarithms ln W and ln X instead of W and X")
	outName := fs.String("out", "", "write the CSV to this file (replaced only once complete) instead of stdout")
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
	err = forEachCase(e, pos, func(i int, c *model.Case) error {
		if i > 0 {
			if err := out.WriteByte('\n'); err != nil {
				return err
			}
		}
		return sampleCase(e, out, c, i, *samples, *seed, *logs)
	})
	if err != nil {
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

// maxStreamSamples bounds the draws of one case that sample streams: 2^40
// (a thousand billion rows, days of drawing), far from the integer overflow
// of the chunk count.
const maxStreamSamples = 1 << 40

// sampleCase writes the table of case number i.
func sampleCase(e *env, out *bufio.Writer, c *model.Case, i, samples int, seed uint64, logs bool) error {
	s, err := empirical.New(c)
	if err != nil {
		return badInput(fmt.Errorf("case %d: %w", i+1, err))
	}
	var line []byte
	for a, syn := range c.Synapses {
		if a > 0 {
			line = append(line, ',')
		}
		line = fmt.Appendf(line, "w_%d_%d", min(syn[0], syn[1]), max(syn[0], syn[1]))
	}
	for _, n := range s.Touched() {
		line = fmt.Appendf(line, ",x_%d", n)
	}
	line = append(line, '\n')
	if _, err := out.Write(line); err != nil {
		return err
	}
	value := func(b []byte, v float64) []byte {
		if !logs {
			v = math.Exp(v)
		}
		return strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	last, shown := time.Now(), false
	err = s.Stream(samples, seed, caseKey(i, c), empirical.Options{}, func(ch *empirical.Chunk) error {
		for r := 0; r < ch.Rows; r++ {
			line = line[:0]
			for a, v := range ch.LogW[r*ch.Synapses : (r+1)*ch.Synapses] {
				if a > 0 {
					line = append(line, ',')
				}
				line = value(line, v)
			}
			for _, v := range ch.LogX[r*ch.Touched : (r+1)*ch.Touched] {
				line = append(line, ',')
				line = value(line, v)
			}
			line = append(line, '\n')
			if _, err := out.Write(line); err != nil {
				return err
			}
		}
		if e.isTerminal && time.Since(last) > 200*time.Millisecond {
			last, shown = time.Now(), true
			fmt.Fprintf(e.stderr, "\rsample: case %d: %d/%d draws", i+1, ch.First+ch.Rows, samples)
		}
		return nil
	})
	if shown {
		fmt.Fprintln(e.stderr)
	}
	return err
}
