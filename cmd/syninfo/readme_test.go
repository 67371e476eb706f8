package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden outputs: the README's expected command outputs, docs/robustness.md")

// readmeBlock is a fenced block of README.md.
type readmeBlock struct {
	lang       string
	start, end int // byte offsets of the content
	text       string
}

// readmeBlocks returns the fenced blocks of a Markdown text in order.
func readmeBlocks(md string) []readmeBlock {
	re := regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```\n")
	var out []readmeBlock
	for _, m := range re.FindAllStringSubmatchIndex(md, -1) {
		out = append(out, readmeBlock{lang: md[m[2]:m[3]], start: m[4], end: m[5], text: md[m[4]:m[5]]})
	}
	return out
}

// consoleStep is one "$ command" of a console block and the output shown.
type consoleStep struct {
	cmd  string
	want []string
}

func parseConsole(text string) []consoleStep {
	var steps []consoleStep
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if c, ok := strings.CutPrefix(l, "$ "); ok {
			steps = append(steps, consoleStep{cmd: c})
		} else if len(steps) > 0 {
			steps[len(steps)-1].want = append(steps[len(steps)-1].want, l)
		}
	}
	return steps
}

// matchLines matches output lines against expected ones, where a line that
// is exactly "..." stands for any number of lines and "..." inside a line
// for any text.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && matchLine(want[0], got[0]) && matchLines(want[1:], got[1:])
}

// numberRE finds the numbers of an output line.
var numberRE = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`)

// sameNumbers reports whether two lines are equal but for numbers that
// agree to a relative 1e-6 (an absolute 1e-12 near zero): the README shows
// what a user gets, and a refactoring that moves the last digits of a
// result does not make it stale (a changed field, name or value does).
func sameNumbers(want, got string) bool {
	if want == got {
		return true
	}
	wi, gi := numberRE.FindAllStringIndex(want, -1), numberRE.FindAllStringIndex(got, -1)
	if len(wi) != len(gi) {
		return false
	}
	wp, gp := 0, 0
	for k := range wi {
		if want[wp:wi[k][0]] != got[gp:gi[k][0]] {
			return false
		}
		a, err1 := strconv.ParseFloat(want[wi[k][0]:wi[k][1]], 64)
		b, err2 := strconv.ParseFloat(got[gi[k][0]:gi[k][1]], 64)
		if err1 != nil || err2 != nil || math.Abs(a-b) > 1e-6*max(math.Abs(a), math.Abs(b))+1e-12 {
			return false
		}
		wp, gp = wi[k][1], gi[k][1]
	}
	return want[wp:] == got[gp:]
}

func matchLine(want, got string) bool {
	parts := strings.Split(want, "...")
	if len(parts) == 1 {
		return sameNumbers(want, got)
	}
	if !strings.HasPrefix(got, parts[0]) {
		return false
	}
	got = got[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(got, p)
		if i < 0 {
			return false
		}
		got = got[i+len(p):]
	}
	return strings.HasSuffix(got, parts[len(parts)-1])
}

func TestMatchLines(t *testing.T) {
	for _, c := range []struct {
		want, got string
		ok        bool
	}{
		{"a\nb", "a\nb", true},
		{"a\nb", "a\nc", false},
		{"...\nz", "a\nb\nz", true},
		{"...\nz", "z", true},
		{"...\nz", "a", false},
		{"x ...y... z", "x 1y2 z", true},
		{"x ... z", "x 1 y", false},
		{"a", "a\nb", false},
		{`{"mi_nats":0.5288148910955752,"e":3.4453939301570813e-7}`, `{"mi_nats":0.5288148910955854,"e":3.4453941211154415e-7}`, true},
		{`{"mi_nats":0.5288}`, `{"mi_nats":0.5290}`, false},
		{`{"mi_nats":0.5288}`, `{"mi_bits":0.5288}`, false},
		{`w_0_1,x_0`, `w_0_2,x_0`, false},
	} {
		if got := matchLines(strings.Split(c.want, "\n"), strings.Split(c.got, "\n")); got != c.ok {
			t.Errorf("matchLines(%q, %q) = %v", c.want, c.got, got)
		}
	}
}

// repoRoot is the root of the repository holding this test.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return root
}

// freshClone copies the repository's files (tracked, and untracked but not
// ignored: what a commit of the work tree would hold) into a new git
// repository with one commit, as a clone of that commit would be.
func freshClone(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "syninfo")
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("README test: git ls-files in %s failed (%v): not run", root, err)
	}
	for _, f := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		st, _ := os.Stat(filepath.Join(root, f))
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"},
		{"-c", "user.name=readme-test", "-c", "user.email=readme@test", "commit", "-qm", "readme test"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	return dir
}

// TestREADME follows the README from a fresh clone: it runs the install
// line, every command of its console blocks (comparing their output), the
// Python example (when python3 with numpy is there), checks that the Go
// example is examples/library/main.go and that the sweep configuration
// shown is accepted. With -update it writes the actual outputs back.
func TestREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("README test skipped in -short mode (it builds the binary and runs the README's commands)")
	}
	// Its own clone, binaries and processes: it runs alongside the other
	// tests that run processes (TestRobustness), writing only README.md
	// and only under -update.
	t.Parallel()
	start := time.Now()
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(readme)
	clone := freshClone(t, root)
	bin := filepath.Join(t.TempDir(), "bin")
	// The machine's Go configuration may say -buildvcs=false; the README's
	// reader has Go's default (auto), which records the commit.
	env := append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-buildvcs=auto", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	shell := func(command string) (string, string, error) {
		cmd := exec.Command("bash", "-o", "pipefail", "-c", command)
		cmd.Dir, cmd.Env = clone, env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}

	blocks := readmeBlocks(md)
	var edits []readmeBlock // console blocks rewritten by -update
	ran := 0
	for i, b := range blocks {
		switch b.lang {
		case "console":
			steps := parseConsole(b.text)
			var rewritten strings.Builder
			for _, s := range steps {
				out, errOut, err := shell(s.cmd)
				ran++
				if err != nil {
					t.Fatalf("README command %q failed: %v\nstderr: %s", s.cmd, err, errOut)
				}
				got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if out == "" {
					got = nil
				}
				fmt.Fprintf(&rewritten, "$ %s\n", s.cmd)
				wild := strings.Contains(strings.Join(s.want, "\n"), "...")
				if *update && !wild {
					for _, l := range got {
						rewritten.WriteString(l + "\n")
					}
					continue
				}
				for _, l := range s.want {
					rewritten.WriteString(l + "\n")
				}
				if !matchLines(s.want, got) {
					t.Errorf("README command %q:\ngot:\n%s\nwant (README.md):\n%s\n(go test ./cmd/syninfo -run TestREADME -update rewrites the README's outputs)",
						s.cmd, out, strings.Join(s.want, "\n"))
				}
			}
			if rewritten.String() != b.text {
				nb := b
				nb.text = rewritten.String()
				edits = append(edits, nb)
			}
		case "python":
			if i+1 >= len(blocks) || blocks[i+1].lang != "text" {
				t.Errorf("the python block at byte %d has no text block of its output after it", b.start)
				continue
			}
			py := ""
			for _, p := range []string{"python3", "/usr/bin/python3"} {
				if exec.Command(p, "-c", "import numpy").Run() == nil {
					py = p
					break
				}
			}
			if py == "" {
				t.Log("README: NOT RUNNING the Python example: no python3 with numpy (Debian: apt-get install python3-numpy)")
				continue
			}
			script := filepath.Join(t.TempDir(), "example.py")
			os.WriteFile(script, []byte(b.text), 0o644)
			out, errOut, err := shell(py + " " + script)
			if err != nil {
				t.Errorf("README Python example failed: %v\n%s", err, errOut)
				continue
			}
			if want := blocks[i+1].text; out != want {
				t.Errorf("README Python example:\ngot:\n%s\nwant:\n%s", out, want)
			}
			ran++
		case "go":
			lib, err := os.ReadFile(filepath.Join(root, "examples/library/main.go"))
			if err != nil || strings.TrimSpace(string(lib)) != strings.TrimSpace(b.text) {
				t.Errorf("README's Go example differs from examples/library/main.go (%v)", err)
			}
		case "jsonc":
			cfg := filepath.Join(t.TempDir(), "sweep.jsonc")
			os.WriteFile(cfg, []byte(b.text), 0o644)
			if out, errOut, err := shell("syninfo cases --cases 1 " + cfg); err != nil || out == "" {
				t.Errorf("README's sweep configuration is refused: %v: %s", err, errOut)
			}
			ran++
		}
	}
	if *update && len(edits) > 0 {
		var sb strings.Builder
		last := 0
		for _, e := range edits {
			sb.WriteString(md[last:e.start])
			sb.WriteString(e.text)
			last = e.end
		}
		sb.WriteString(md[last:])
		if err := os.WriteFile(filepath.Join(root, "README.md"), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("README.md: %d console blocks rewritten", len(edits))
	}
	if ran < 10 {
		t.Errorf("only %d README commands ran", ran)
	}
	t.Logf("README: %d commands from a fresh clone in %s", ran, time.Since(start).Round(time.Second))
}
