package main

import (
	"bytes"
	"io"
	"sync/atomic"

	"github.com/syninfo/syninfo/model"
)

// Parallel decoding of JSON Lines input: a reader goroutine splits the input
// into lines, a pool of workers decodes each line as one case and computes
// its output, and the caller's goroutine writes the outputs in input order.
// A line that is not exactly one valid case (a case spread over several
// lines, a syntax error, an invalid case, a line too long to hold) turns the
// rest of the input over to one streaming model.Decoder positioned at that
// line, so that errors and multi-line input read exactly as with one
// Decoder over the whole input.

// maxLineBytes bounds a line decoded in parallel; a longer one (and
// everything after it) is decoded by streaming, which holds only the
// parsed case. (A variable for the tests.)
var maxLineBytes = 32 << 20

// readBlock is the size of the buffers the input is read into (lines are
// decoded where they lie in them), minRead the least room left in one
// worth reading into. (Variables for the tests.)
var readBlock, minRead = 1 << 20, 64 << 10

// readBuffer is a buffer the input is read into, shared by the jobs whose
// lines lie in it; when the last of them is written (and the reader has
// moved on) it is read into again.
type readBuffer struct {
	b    []byte
	refs atomic.Int32
}

// caseJob is one line of input on its way through the pool.
type caseJob struct {
	buf   *readBuffer
	data  []byte // the line, with the blank lines before it and its newline
	off   int64  // input offset of data[0]
	index int    // the case's index (0-based) if the line is one case
	whole bool   // data is a complete line, for a worker to decode
	done  chan struct{}
	// Set by the worker before done is closed.
	ok  bool   // the line was exactly one valid case
	out []byte // then its output ...
	err error  // ... or the error computing it
}

// lineSplitter is the reader goroutine's state. Once run has returned, the
// rest of the input is unsent (if not nil), then pend, then what r has not
// delivered yet (nothing after eof; rerr after a read error).
type lineSplitter struct {
	r       io.Reader
	pend    []byte // read, not yet sent; pend[0] is at input offset off
	off     int64
	scanned int  // pend[:scanned] is whole blank lines (joined to the next line)
	eof     bool // r is exhausted
	rerr    error
	unsent  *caseJob // a job cut off by stop before it was sent
	cur     *readBuffer
	free    chan *readBuffer // buffers no job uses any more
	short   bool             // the last read returned less than it could
}

// release drops a reference to b, recycling b when it was the last.
func (s *lineSplitter) release(b *readBuffer) {
	if b.refs.Add(-1) == 0 {
		select {
		case s.free <- b:
		default:
		}
	}
}

// blank reports whether b holds only JSON whitespace.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// firstByte returns the first non-whitespace byte of b, or 0.
func firstByte(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return c
		}
	}
	return 0
}

// take makes pend[:end] the next job.
func (s *lineSplitter) take(end, index int, whole bool) *caseJob {
	s.cur.refs.Add(1)
	j := &caseJob{buf: s.cur, data: s.pend[:end:end], off: s.off, index: index, whole: whole, done: make(chan struct{})}
	s.pend, s.off, s.scanned = s.pend[end:], s.off+int64(end), 0
	return j
}

// read appends the next block of input to pend, in a new buffer when the
// current one has too little room left.
func (s *lineSplitter) read() {
	if s.cur == nil || cap(s.pend)-len(s.pend) < minRead {
		size := max(readBlock, 2*len(s.pend)+minRead)
		var nb *readBuffer
		select {
		case nb = <-s.free:
			if cap(nb.b) < size {
				nb = nil
			}
		default:
		}
		if nb == nil {
			nb = &readBuffer{b: make([]byte, size)}
		}
		nb.refs.Store(1) // the reader's
		b := nb.b[:len(s.pend):cap(nb.b)]
		copy(b, s.pend)
		if s.cur != nil {
			s.release(s.cur)
		}
		s.cur, s.pend = nb, b
	}
	n, err := s.r.Read(s.pend[len(s.pend):cap(s.pend)])
	s.pend = s.pend[:len(s.pend)+n]
	s.short = err == nil && len(s.pend) < cap(s.pend) // the writer may be waiting
	if err == io.EOF {
		s.eof = true
	} else if err != nil {
		s.rerr = err
	}
}

// run sends the lines of the input as jobs, in order, to ordered and (those
// a worker may decode) to work, until the input ends, a line is cut or
// stop is closed; then it closes both channels.
func (s *lineSplitter) run(stop <-chan struct{}, ordered, work chan<- *caseJob) {
	defer close(work)
	defer close(ordered)
	send := func(j *caseJob) bool {
		select {
		case ordered <- j:
		case <-stop:
			s.unsent = j
			return false
		}
		if !j.whole {
			close(j.done)
			return false // the rest of the input is streamed
		}
		select {
		case work <- j:
			return true
		case <-stop:
			return false
		}
	}
	for index := 0; ; {
		rest := s.pend[s.scanned:]
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			end := s.scanned + i + 1
			if blank(rest[:i+1]) {
				s.scanned = end
				continue
			}
			if !send(s.take(end, index, true)) {
				return
			}
			index++
			continue
		}
		switch {
		case s.rerr != nil:
			send(s.take(len(s.pend), index, false)) // the decoder reports the error where it meets it
			return
		case s.eof:
			if !blank(rest) {
				send(s.take(len(s.pend), index, true)) // the last line, without a newline
			}
			return
		case len(rest) > maxLineBytes, firstByte(rest) != 0 && firstByte(rest) != '{':
			send(s.take(len(s.pend), index, false)) // too long, or not a case
			return
		case s.short && closesObject(rest):
			// A case without a newline, and the input pauses: a program
			// that writes one case and waits for its line gets it.
			if !send(s.take(len(s.pend), index, true)) {
				return
			}
			index++
			continue
		}
		s.read()
	}
}

// closesObject reports whether b (after whitespace) is a JSON object whose
// closing brace is b's last non-whitespace byte: the brackets outside
// strings balance there. It is checked only when the input pauses.
func closesObject(b []byte) bool {
	end := len(b)
	for end > 0 && (b[end-1] == ' ' || b[end-1] == '\n' || b[end-1] == '\r' || b[end-1] == '\t') {
		end--
	}
	if end == 0 || b[end-1] != '}' || firstByte(b) != '{' {
		return false
	}
	depth, inString, escaped := 0, false, false
	for _, c := range b[:end] {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return depth == 0 && !inString
}

// errReader returns err on every read.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// forEachCaseParallel calls work on every case of the positional input on
// workers goroutines and writes its outputs to out in input order. work
// must not keep the case: its memory is reused for the next one. The
// first error in input order (a bad case, an error from work or from out)
// stops the run, as in a sequential loop; idle (a flush) is called before
// waiting for the next output. Memory is bounded by the lines in flight
// (about 3·workers lines and the read buffers holding them).
//
// Input that is not one case per line is decoded by streaming from the
// first line that is not one valid case (decodeAhead), so that any input
// model.Decoder reads is read, and errors are the same.
func forEachCaseParallel(e *env, pos []string, workers int, work func(i int, c *model.Case) ([]byte, error), out io.Writer, idle func() error) error {
	in, name, err := openInput(e, pos)
	if err != nil {
		return err
	}
	defer in.Close()
	workers = max(1, workers)
	stop := make(chan struct{})
	ordered := make(chan *caseJob, 2*workers)
	jobs := make(chan *caseJob, workers)
	s := &lineSplitter{r: in, free: make(chan *readBuffer, 4)}
	readerDone := make(chan struct{})
	go func() {
		s.run(stop, ordered, jobs)
		close(readerDone)
	}()
	for range workers {
		go func() {
			var ld model.LineDecoder // work is done with each case before the next
			for j := range jobs {
				select {
				case <-stop:
				default:
					if c, ok := ld.Decode(j.data); ok {
						j.ok = true
						j.out, j.err = work(j.index, c)
					}
				}
				close(j.done)
			}
		}()
	}
	stopped := false
	halt := func() {
		if !stopped {
			close(stop)
			stopped = true
		}
	}
	defer halt()
	n := 0
	for {
		j, more, err := receiveIdle(ordered, idle)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if _, _, err := receiveIdle(j.done, idle); err != nil {
			return err
		}
		if !j.ok {
			// Stream the rest of the input from this line on.
			halt()
			<-readerDone
			parts := []io.Reader{bytes.NewReader(j.data)}
			for k := range ordered {
				parts = append(parts, bytes.NewReader(k.data))
			}
			if s.unsent != nil {
				parts = append(parts, bytes.NewReader(s.unsent.data))
			}
			parts = append(parts, bytes.NewReader(s.pend))
			if s.rerr != nil {
				parts = append(parts, errReader{s.rerr})
			} else if !s.eof {
				parts = append(parts, s.r)
			}
			dec := model.NewDecoderAt(io.MultiReader(parts...), j.off, j.index)
			return decodeAhead(dec, j.index, name, func(i int, c *model.Case) error {
				b, err := work(i, c)
				if err != nil {
					return err
				}
				_, err = out.Write(b)
				return err
			}, idle)
		}
		if j.err != nil {
			return j.err
		}
		if _, err := out.Write(j.out); err != nil {
			return err
		}
		s.release(j.buf) // the line is done with
		n++
	}
	if n == 0 {
		return usageErrorf("%s: no case found", name)
	}
	return nil
}

// receiveIdle receives from ch, calling idle first if nothing is ready.
func receiveIdle[T any](ch <-chan T, idle func() error) (v T, ok bool, err error) {
	select {
	case v, ok = <-ch:
		return v, ok, nil
	default:
	}
	if err := idle(); err != nil {
		return v, false, err
	}
	v, ok = <-ch
	return v, ok, nil
}
