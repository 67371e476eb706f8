package k8s_test

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// buildSyninfo runs the build stage's go build command of deploy/Dockerfile
// (its RUN line, with the image's /out/ directory mapped to dir) in the
// repository root, and checks that the result is a static executable.
func buildSyninfo(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	// Instructions, with continuation lines joined.
	text := strings.ReplaceAll(string(data), "\\\n", " ")
	var run string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "RUN ") && strings.Contains(line, "go build") {
			run = strings.TrimPrefix(line, "RUN ")
		}
	}
	if run == "" || !strings.Contains(run, "/out/syninfo") {
		t.Fatalf("deploy/Dockerfile has no RUN ... go build ... /out/syninfo line")
	}
	run = strings.ReplaceAll(run, "/out/", dir+"/")
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command("sh", "-c", run)
	cmd.Dir = "../.." // the image's WORKDIR /src holds the repository
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(gobin)+":"+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's build: %s: %v\n%s", run, err, out)
	}
	bin := filepath.Join(dir, "syninfo")
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatalf("%s has a program interpreter: not a static binary", bin)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Fatalf("%s links %v: not a static binary", bin, libs)
	}
	return bin
}

// pod runs the containers of a pod spec as local processes: each volume is a
// directory (a ConfigMap's is filled with its data; claims map to the shared
// directory claimDir), and every mount path in the command is rewritten to
// its directory.
type pod struct {
	t        *testing.T
	spec     *corev1.PodSpec
	cms      []*corev1.ConfigMap
	claimDir string
	binDir   string
}

// run runs container name with the extra environment env and returns its
// combined output and error.
func (p *pod) run(name string, env ...string) ([]byte, error) {
	t := p.t
	t.Helper()
	c := container(t, p.spec, name)
	dirs := map[string]string{} // volume name → local directory
	for _, v := range p.spec.Volumes {
		switch {
		case v.PersistentVolumeClaim != nil:
			dirs[v.Name] = p.claimDir
		case v.ConfigMap != nil:
			d := t.TempDir()
			for _, cm := range p.cms {
				if cm.Name != v.ConfigMap.Name {
					continue
				}
				for k, val := range cm.Data {
					if err := os.WriteFile(filepath.Join(d, k), []byte(val), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			dirs[v.Name] = d
		}
	}
	argv := append(append([]string(nil), c.Command...), c.Args...)
	for _, m := range c.VolumeMounts {
		re := regexp.MustCompile(`(^|[\s"'=])` + regexp.QuoteMeta(m.MountPath) + `(/|[\s"']|$)`)
		for i := range argv {
			argv[i] = re.ReplaceAllString(argv[i], "${1}"+dirs[m.Name]+"${2}")
		}
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	// The containers' root filesystem is read-only: a write outside the
	// mounted volumes (say to os.TempDir) must fail here too.
	cmd.Env = []string{"PATH=" + p.binDir + ":/usr/bin:/bin", "HOME=/nonexistent", "TMPDIR=/nonexistent"}
	for _, e := range c.Env {
		cmd.Env = append(cmd.Env, e.Name+"="+e.Value)
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd.CombinedOutput()
}

// TestIndexedJobSimulated runs the built sweep Job as Kubernetes would: one
// process per completion index with JOB_COMPLETION_INDEX set (and the
// Job's JOB_COMPLETIONS), the ConfigMap mounted, the claim shared; then the
// merge Job. The merged file must equal a single-process run byte for byte.
func TestIndexedJobSimulated(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated Indexed Job (builds syninfo, runs 16 processes)")
	}
	binDir := t.TempDir()
	bin := buildSyninfo(t, binDir)
	sw := build(t, "sweep")
	j := sweepJob(t, sw)
	n := int(*j.Spec.Completions)
	claim := t.TempDir()
	sweepPod := &pod{t: t, spec: &j.Spec.Template.Spec, cms: sw.configMaps, claimDir: claim, binDir: binDir}

	// Out-of-range index: refused, nothing written.
	if out, err := sweepPod.run("sweep", "JOB_COMPLETION_INDEX="+strconv.Itoa(n)); err == nil {
		t.Errorf("index %d of %d accepted:\n%s", n, n, out)
	} else if code := exitCode(err); code != 2 {
		t.Errorf("index %d of %d: exit %d, want 2:\n%s", n, n, code, out)
	}

	// All indexes, parallelism as in the Job (at most 4 at once here).
	par := min(int(*j.Spec.Parallelism), 4)
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	errs := make([]error, n)
	outs := make([][]byte, n)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			outs[i], errs[i] = sweepPod.run("sweep", "JOB_COMPLETION_INDEX="+strconv.Itoa(i))
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("index %d: %v\n%s", i, errs[i], outs[i])
		}
		if want := fmt.Sprintf("shard %d/%d", i, n); !bytes.Contains(outs[i], []byte(want)) {
			t.Errorf("index %d did not report %q:\n%s", i, want, outs[i])
		}
	}

	// A container restarted in its pod (restartPolicy: OnFailure) after it
	// was killed while writing: the torn line is repaired, the case redone.
	torn := filepath.Join(claim, "shard-3.jsonl")
	if fi, err := os.Stat(torn); err != nil {
		t.Fatal(err)
	} else if err := os.Truncate(torn, fi.Size()-40); err != nil {
		t.Fatal(err)
	}
	if out, err := sweepPod.run("sweep", "JOB_COMPLETION_INDEX=3"); err != nil || !bytes.Contains(out, []byte("torn last line")) {
		t.Fatalf("index 3 restarted on a torn shard file: %v\n%s", err, out)
	}

	// Reference: one process, one worker, the same config.
	cfg := filepath.Join(t.TempDir(), "sweep.json")
	if err := os.WriteFile(cfg, []byte(sw.configMaps[0].Data["sweep.json"]), 0o644); err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(t.TempDir(), "single.jsonl")
	if out, err := exec.Command(bin, "sweep", cfg, "--out", single, "--workers", "1").CombinedOutput(); err != nil {
		t.Fatalf("single run: %v\n%s", err, out)
	}
	want, err := os.ReadFile(single)
	if err != nil {
		t.Fatal(err)
	}

	// Each shard holds exactly its cases.
	seqRe := regexp.MustCompile(`"seq":(\d+)`)
	cases := 0
	for i := range n {
		data, err := os.ReadFile(filepath.Join(claim, fmt.Sprintf("shard-%d.jsonl", i)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range seqRe.FindAllSubmatch(data, -1) {
			if s, _ := strconv.Atoi(string(m[1])); s%n != i {
				t.Errorf("shard-%d.jsonl holds seq %d", i, s)
			}
			cases++
		}
	}
	if wantCases := bytes.Count(want, []byte("\n")) - 1; cases != wantCases {
		t.Errorf("the shards hold %d cases, the single run %d", cases, wantCases)
	}

	// The merge Job on the same claim: first with one shard missing (a pod
	// that never ran), which merge must refuse (exit 1).
	mg := build(t, "merge")
	mergePod := &pod{t: t, spec: &mg.jobs[0].Spec.Template.Spec, claimDir: claim, binDir: binDir}
	last := filepath.Join(claim, fmt.Sprintf("shard-%d.jsonl", n-1))
	if err := os.Rename(last, last+".away"); err != nil {
		t.Fatal(err)
	}
	out, err := mergePod.run("merge")
	if code := exitCode(err); code != 1 {
		t.Errorf("merge without shard %d: exit %d, want 1:\n%s", n-1, code, out)
	}
	if _, err := os.Stat(filepath.Join(claim, "results.jsonl")); err == nil {
		t.Error("a refused merge wrote results.jsonl")
	}
	if err := os.Rename(last+".away", last); err != nil {
		t.Fatal(err)
	}
	if out, err := mergePod.run("merge"); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(claim, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(withoutProvenance(got), withoutProvenance(want)) {
		t.Fatalf("merged shards differ from the single run (%d vs %d bytes)", len(got), len(want))
	}
	t.Logf("%d pods, %d cases, merged file equals the single run (%d bytes)", n, cases, len(got))
}

// provenanceRe matches the provenance of a sweep file's header (the last
// key of the first line: the build, command line and date of the run that
// wrote the file), which legitimately differs between a merge and a single
// run.
var provenanceRe = regexp.MustCompile(`,"provenance":.*}$`)

// withoutProvenance returns a sweep file with its header's provenance
// removed: the configuration and every record still compare byte for byte.
func withoutProvenance(b []byte) []byte {
	head, rest, _ := bytes.Cut(b, []byte("\n"))
	head = provenanceRe.ReplaceAll(head, []byte("}"))
	return append(append(head, '\n'), rest...)
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
