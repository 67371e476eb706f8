package sweep

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/syninfo/syninfo/internal/buildinfo"
)

// A sweep file is JSON Lines: a header line {"syninfo_sweep": CONFIG} naming
// the configuration the records come from (and "shard": "I/N" when it holds
// one shard), then one Record per finished case, in completion order. Each
// record is written with a single write(2) of the whole line and synced, so
// that a run killed at any instant (even by SIGKILL) leaves at most one torn
// last line, which OpenSweepFile repairs. A writer holds an exclusive lock
// on the file: a second sweep on the same file refuses.

// MaxLineBytes bounds a line of a sweep file (a header or a record; real
// ones are a few kB). Longer lines, or input without newlines, are refused
// rather than buffered.
const MaxLineBytes = 16 << 20

// ErrLocked is returned by OpenSweepFile when another process holds the file.
var ErrLocked = errors.New("in use by another sweep")

// header is the first line of a sweep file.
type header struct {
	Sweep *Config `json:"syninfo_sweep"`
	// Shard is "I/N" for a file that holds one shard, empty for a whole sweep.
	Shard string `json:"shard,omitempty"`
	// Provenance is the build, command line and date of the run that
	// created the file (informative: resuming and merging ignore it).
	Provenance *buildinfo.Provenance `json:"provenance,omitempty"`
}

// SweepFile is a sweep output opened for appending, locked against other
// writers until Close.
type SweepFile struct {
	f      *os.File
	unlock func()
	shard  string // "I/N" or "" (the whole sweep)
	// Done holds the ids already in the file: finished or failed.
	Done map[string]bool
	// Failed maps the ids of failed records to their error.
	Failed map[string]string
	// Repaired is the number of bytes of a torn last line that were cut.
	Repaired int64
}

// OpenSweepFile is OpenShardFile for the whole sweep (no shard).
func OpenSweepFile(path string, cfg *Config) (*SweepFile, error) {
	return OpenShardFile(path, cfg, Shard{})
}

// OpenShardFile opens (creating if needed) the sweep output at path for
// shard s of the sweep cfg and locks it (ErrLocked when another process
// holds it). An existing file must be a sweep file of an equal
// configuration and the same shard; its ids are loaded, and a torn last
// line — only after a valid header of this sweep — is cut. A file that is
// not such a sweep file is refused and left untouched.
func OpenShardFile(path string, cfg *Config, s Shard) (*SweepFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	unlock, err := lockFile(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sf := &SweepFile{f: f, unlock: unlock, shard: shardName(s), Done: map[string]bool{}, Failed: map[string]string{}}
	if err := sf.load(path, cfg, s); err != nil {
		sf.Close()
		return nil, err
	}
	return sf, nil
}

// FileError is an existing output that is not a sweep file of the
// configuration at hand: bad input, never repaired.
type FileError struct {
	Path, Reason string
}

func (e *FileError) Error() string { return e.Path + ": " + e.Reason }

func shardName(s Shard) string {
	if s.Count <= 1 {
		return ""
	}
	return s.String()
}

func (sf *SweepFile) load(path string, cfg *Config, s Shard) error {
	fi, err := sf.f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &FileError{path, "not a regular file"}
	}
	br := bufio.NewReaderSize(sf.f, 1<<16)
	var good int64 // length of the prefix made of whole, valid lines
	first := true
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br)
		if err == io.EOF {
			break
		}
		if errors.Is(err, errLongLine) {
			return &FileError{path, fmt.Sprintf("line %d: %v; not a syninfo sweep file, left untouched", lineNo, err)}
		}
		if err != nil && !errors.Is(err, errTorn) {
			return err
		}
		torn := errors.Is(err, errTorn)
		if first {
			var h header
			if torn || json.Unmarshal(line, &h) != nil || h.Sweep == nil {
				return &FileError{path, "not a syninfo sweep file (its first line is not a whole sweep header); left untouched: remove it or choose another --out"}
			}
			if !h.Sweep.Equal(cfg) {
				return &FileError{path, "written by a different sweep configuration; left untouched: use another --out"}
			}
			if h.Shard != shardName(s) {
				return &FileError{path, fmt.Sprintf("holds %s, not %s: resuming would mix shards; use the same shard or another --out", describeShard(h.Shard), describeShard(shardName(s)))}
			}

			first = false
			good += int64(len(line)) + 1
			continue
		}
		if torn {
			break // our own torn last line: cut below
		}
		var r struct {
			ID      string `json:"id"`
			Failure string `json:"failure"`
		}
		if err := json.Unmarshal(line, &r); err != nil || r.ID == "" {
			if _, err := br.Peek(1); err == io.EOF {
				break // a torn line that happens to end with a newline
			}
			return &FileError{path, fmt.Sprintf("line %d is not a sweep record; left untouched", lineNo)}
		}
		sf.Done[r.ID] = true
		if r.Failure != "" {
			sf.Failed[r.ID] = r.Failure
		} else {
			delete(sf.Failed, r.ID) // a later success supersedes a failure
		}
		good += int64(len(line)) + 1
	}
	if good < fi.Size() {
		sf.Repaired = fi.Size() - good
		if err := sf.f.Truncate(good); err != nil {
			return err
		}
	}
	if _, err := sf.f.Seek(good, io.SeekStart); err != nil {
		return err
	}
	if first {
		b, err := json.Marshal(header{Sweep: cfg, Shard: shardName(s), Provenance: buildinfo.Now()})
		if err != nil {
			return err
		}
		return sf.writeLine(b)
	}
	return nil
}

func describeShard(s string) string {
	if s == "" {
		return "the whole sweep"
	}
	return "shard " + s
}

// CheckTasks verifies that every id in the file is a task of the shard:
// a file written for this configuration holds no other id.
func (sf *SweepFile) CheckTasks(tasks []Task, s Shard) error {
	ok := make(map[string]bool, len(tasks))
	for _, t := range tasks {
		if s.Has(t.Seq) {
			ok[t.ID] = true
		}
	}
	for id := range sf.Done {
		if !ok[id] {
			return &FileError{sf.f.Name(), fmt.Sprintf("case %q is not a case of this sweep's shard; left untouched", id)}
		}
	}
	return nil
}

// Retry forgets the failed records, so that Run computes those cases again
// and appends new records, which supersede the failures when read.
func (sf *SweepFile) Retry() {
	for id := range sf.Failed {
		delete(sf.Done, id)
	}
}

// Append writes one record durably.
func (sf *SweepFile) Append(r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := sf.writeLine(b); err != nil {
		return err
	}
	sf.Done[r.ID] = true
	if r.Failure != "" {
		sf.Failed[r.ID] = r.Failure
	} else {
		delete(sf.Failed, r.ID)
	}
	return nil
}

func (sf *SweepFile) writeLine(b []byte) error {
	line := make([]byte, 0, len(b)+1)
	line = append(append(line, b...), '\n')
	if _, err := sf.f.Write(line); err != nil {
		return err
	}
	return sf.f.Sync()
}

// Close releases the lock and closes the file.
func (sf *SweepFile) Close() error {
	if sf.unlock != nil {
		sf.unlock()
		sf.unlock = nil
	}
	return sf.f.Close()
}

var (
	errTorn     = errors.New("torn last line (no newline)")
	errLongLine = fmt.Errorf("longer than %d MiB", MaxLineBytes>>20)
)

// readLine returns the next line without its newline: io.EOF at the end,
// errTorn with the bytes of a last line that has no newline, errLongLine
// for a line longer than MaxLineBytes (without buffering it).
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLineBytes+1 {
			return nil, errLongLine
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(line) == 0 {
				return nil, io.EOF
			}
			return line, errTorn
		default:
			return nil, err
		}
	}
}

// Data is the content of a sweep file as ReadSweepData reads it.
type Data struct {
	// Config is the header's configuration (nil without a header), checked
	// like any configuration; Shard its "I/N" or empty.
	Config *Config
	Shard  string
	// Records in file order; a failed record followed by a later record of
	// the same id is dropped (a retry superseded it).
	Records []*Record
	// Torn is the length of a torn last line that was ignored (0: none).
	Torn int
}

// ReadSweepData reads a sweep file (or any JSON Lines of records, with or
// without a header). Lines longer than MaxLineBytes are refused.
func ReadSweepData(r io.Reader) (*Data, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	d := &Data{}
	failedAt := map[string]int{} // id -> index in d.Records of a failed record
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br)
		if err == io.EOF {
			return d, nil
		}
		if errors.Is(err, errTorn) {
			d.Torn = len(line)
			return d, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lineNo, err)
		}
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			continue
		}
		if lineNo == 1 && bytes.HasPrefix(trimmed, []byte(`{"syninfo_sweep"`)) {
			var h header
			dec := json.NewDecoder(bytes.NewReader(trimmed))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&h); err != nil {
				return nil, fmt.Errorf("line 1: sweep header: %v", err)
			}
			if h.Sweep == nil {
				return nil, fmt.Errorf("line 1: sweep header: syninfo_sweep is null")
			}
			if err := h.Sweep.check(); err != nil {
				return nil, fmt.Errorf("line 1: sweep header: %v", err)
			}
			if h.Shard != "" {
				if _, err := ParseShard(h.Shard); err != nil {
					return nil, fmt.Errorf("line 1: sweep header: shard: %v", err)
				}
			}
			d.Config, d.Shard = h.Sweep, h.Shard
			continue
		}
		if bytes.HasPrefix(trimmed, []byte(`{"syninfo_sweep"`)) {
			var h header
			_ = json.Unmarshal(trimmed, &h)
			first := "none"
			if d.Config != nil {
				first = fmt.Sprintf("seed %d", d.Config.Seed)
			}
			second := "unreadable"
			if h.Sweep != nil {
				second = fmt.Sprintf("seed %d", h.Sweep.Seed)
			}
			return nil, fmt.Errorf("line %d: a second sweep header: the file joins two sweeps (line 1's configuration: %s; line %d's: %s); use syninfo merge, or report each file on its own", lineNo, first, lineNo, second)
		}
		rec := new(Record)
		if err := json.Unmarshal(trimmed, rec); err != nil {
			return nil, fmt.Errorf("line %d: not a sweep record: %v", lineNo, err)
		}
		if rec.ID == "" {
			return nil, fmt.Errorf("line %d: record without id", lineNo)
		}
		if rec.Result == nil && rec.Failure == "" {
			return nil, fmt.Errorf("line %d: record %s has neither a result nor a failure", lineNo, rec.ID)
		}
		if i, ok := failedAt[rec.ID]; ok {
			d.Records[i] = nil
			delete(failedAt, rec.ID)
		}
		if rec.Failure != "" {
			failedAt[rec.ID] = len(d.Records)
		}
		d.Records = append(d.Records, rec)
	}
}

// ReadSweep reads a sweep file (or any JSON Lines of records, with or
// without a header): its configuration (nil without a header) and its
// records, failed ones included (Record.Failure). A torn last line is
// ignored (ReadSweepData reports it).
func ReadSweep(r io.Reader) (*Config, []*Record, error) {
	d, err := ReadSweepData(r)
	if err != nil {
		return nil, nil, err
	}
	return d.Config, d.compact(), nil
}

func (d *Data) compact() []*Record {
	out := d.Records[:0:0]
	for _, r := range d.Records {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// ReadSweepFile is ReadSweep on a named file.
func ReadSweepFile(path string) (*Config, []*Record, error) {
	d, err := ReadSweepDataFile(path)
	if err != nil {
		return nil, nil, err
	}
	return d.Config, d.Records, nil
}

// ReadSweepDataFile is ReadSweepData on a named file, with the superseded
// failures removed from Records.
func ReadSweepDataFile(path string) (*Data, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := ReadSweepData(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.Records = d.compact()
	return d, nil
}
