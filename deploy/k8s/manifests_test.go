// Package k8s_test validates syninfo's Kubernetes recipe offline: the
// kustomizations under sweep/ and merge/ are built with kustomize's own
// engine (what `kubectl apply -k` runs), every object is decoded strictly
// (unknown, miscased or duplicate fields fail) into the Kubernetes API
// types by the API machinery's own serializer, and the
// objects are checked for what the recipe needs: an Indexed Job whose
// JOB_COMPLETIONS equals its completions, volumes that exist, a
// ReadWriteMany claim, resource requests and limits, a pinned image, a
// non-root user. indexed_test.go runs the Jobs' commands as processes.
package k8s_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// objects are the decoded objects of one manifest set, by kind.
type objects struct {
	jobs       []*batchv1.Job
	configMaps []*corev1.ConfigMap
	claims     []*corev1.PersistentVolumeClaim
	pods       []*corev1.Pod
}

// codecs decode with the API machinery's strict YAML serializer (what the
// API server's strict field validation uses): an unknown field, a field
// spelled with other letter case, or a duplicated field is an error.
var codecs = func() serializer.CodecFactory {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, batchv1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict)
}()

// decode splits a multi-document YAML stream and decodes each document
// strictly into the API type of its kind.
func decode(t *testing.T, name string, data []byte) *objects {
	t.Helper()
	var o objects
	for i, doc := range splitYAML(data) {
		obj, gvk, err := codecs.UniversalDeserializer().Decode(doc, nil, nil)
		if err != nil {
			t.Fatalf("%s: document %d: strict decoding: %v", name, i, err)
		}
		switch v := obj.(type) {
		case *batchv1.Job:
			o.jobs = append(o.jobs, v)
		case *corev1.ConfigMap:
			o.configMaps = append(o.configMaps, v)
		case *corev1.PersistentVolumeClaim:
			o.claims = append(o.claims, v)
		case *corev1.Pod:
			o.pods = append(o.pods, v)
		default:
			t.Fatalf("%s: document %d: unexpected %v", name, i, gvk)
		}
	}
	return &o
}

func splitYAML(data []byte) [][]byte {
	var docs [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		if strings.TrimSpace(stripComments(d)) != "" {
			docs = append(docs, []byte(d))
		}
	}
	return docs
}

func stripComments(s string) string {
	return regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(s, "")
}

// build runs kustomize on dir, as `kubectl apply -k dir` would.
func build(t *testing.T, dir string) *objects {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize %s: %v", dir, err)
	}
	out, err := m.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, dir+" (built)", out)
}

// TestRawManifestsDecodeStrictly decodes every manifest file as written.
func TestRawManifestsDecodeStrictly(t *testing.T) {
	files, err := filepath.Glob("*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	top, _ := filepath.Glob("*.yaml")
	files = append(files, top...)
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		o := decode(t, f, data)
		n += len(o.jobs) + len(o.configMaps) + len(o.claims) + len(o.pods)
	}
	if n < 4 {
		t.Fatalf("decoded %d objects from %v, want the sweep Job, the merge Job, the claim and the fetch pod", n, files)
	}
}

// sweepJob returns the one Job of the sweep kustomization, checked.
func sweepJob(t *testing.T, o *objects) *batchv1.Job {
	t.Helper()
	if len(o.jobs) != 1 {
		t.Fatalf("sweep: %d Jobs, want 1", len(o.jobs))
	}
	return o.jobs[0]
}

func TestSweepKustomization(t *testing.T) {
	o := build(t, "sweep")
	j := sweepJob(t, o)
	s := j.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode = %s, want Indexed", deref(s.CompletionMode))
	}
	if s.Completions == nil || *s.Completions < 1 {
		t.Fatalf("completions = %s, want a shard count ≥ 1", deref(s.Completions))
	}
	if s.Parallelism == nil || *s.Parallelism < 1 || *s.Parallelism > *s.Completions {
		t.Errorf("parallelism = %s, want 1..completions", deref(s.Parallelism))
	}
	c := container(t, &s.Template.Spec, "sweep")
	got := envValue(c, "JOB_COMPLETIONS")
	if want := strconv.Itoa(int(*s.Completions)); got != want {
		t.Errorf("JOB_COMPLETIONS = %q after kustomize, want %q (spec.completions)", got, want)
	}
	cmd := strings.Join(append(c.Command, c.Args...), " ")
	for _, w := range []string{"syninfo sweep", "$JOB_COMPLETION_INDEX"} {
		if !strings.Contains(cmd, w) {
			t.Errorf("sweep command %q lacks %q", cmd, w)
		}
	}
	if len(o.configMaps) != 1 || o.configMaps[0].Data["sweep.json"] == "" {
		t.Fatalf("want one ConfigMap with sweep.json, got %d", len(o.configMaps))
	}
	if len(o.claims) != 1 {
		t.Fatalf("want one PersistentVolumeClaim, got %d", len(o.claims))
	}
	pvc := o.claims[0]
	rwx := false
	for _, m := range pvc.Spec.AccessModes {
		rwx = rwx || m == corev1.ReadWriteMany
	}
	if !rwx {
		t.Errorf("claim %s: access modes %v, want ReadWriteMany (pods on several nodes)", pvc.Name, pvc.Spec.AccessModes)
	}
	if _, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; !ok {
		t.Errorf("claim %s requests no storage", pvc.Name)
	}
	checkPod(t, "sweep Job", &s.Template.Spec, o.configMaps, o.claims)
	if p := s.Template.Spec.RestartPolicy; p != corev1.RestartPolicyOnFailure {
		t.Errorf("sweep restartPolicy = %s, want OnFailure (a restarted container resumes its shard)", p)
	}
}

func TestMergeKustomization(t *testing.T) {
	sw := build(t, "sweep")
	o := build(t, "merge")
	if len(o.jobs) != 1 {
		t.Fatalf("merge: %d Jobs, want 1", len(o.jobs))
	}
	j := o.jobs[0]
	if j.Spec.CompletionMode != nil && *j.Spec.CompletionMode == batchv1.IndexedCompletion {
		t.Error("merge Job is Indexed; want one pod")
	}
	if j.Spec.BackoffLimit == nil || *j.Spec.BackoffLimit != 0 {
		t.Errorf("merge backoffLimit = %s, want 0 (a retry cannot complete a missing shard)", deref(j.Spec.BackoffLimit))
	}
	// The merge reads the claim the sweep writes.
	checkPod(t, "merge Job", &j.Spec.Template.Spec, nil, sw.claims)
	c := container(t, &j.Spec.Template.Spec, "merge")
	if cmd := strings.Join(c.Command, " "); !strings.Contains(cmd, "syninfo merge") {
		t.Errorf("merge command %q runs no syninfo merge", cmd)
	}
	// Same image in both kustomizations.
	si := container(t, &sweepJob(t, sw).Spec.Template.Spec, "sweep").Image
	if c.Image != si {
		t.Errorf("merge image %q, sweep image %q: want the same", c.Image, si)
	}
}

func TestFetchPod(t *testing.T) {
	data, err := os.ReadFile("fetch-pod.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := decode(t, "fetch-pod.yaml", data)
	if len(o.pods) != 1 {
		t.Fatalf("%d pods, want 1", len(o.pods))
	}
	checkPod(t, "fetch pod", &o.pods[0].Spec, nil, build(t, "sweep").claims)
}

func container(t *testing.T, p *corev1.PodSpec, name string) *corev1.Container {
	t.Helper()
	for i := range p.Containers {
		if p.Containers[i].Name == name {
			return &p.Containers[i]
		}
	}
	t.Fatalf("no container %q", name)
	return nil
}

func envValue(c *corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// tagged matches an image reference with an explicit tag other than latest
// (or a digest).
var tagged = regexp.MustCompile(`^[a-z0-9./_-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[0-9a-f]{64})?$`)

// checkPod checks a pod spec: every mount names a volume, every volume's
// ConfigMap or claim exists among cms and claims (cms nil: no ConfigMap
// volumes allowed), every container has CPU and memory requests and limits
// (requests ≤ limits), a pinned image, and runs as a non-root user.
func checkPod(t *testing.T, what string, p *corev1.PodSpec, cms []*corev1.ConfigMap, claims []*corev1.PersistentVolumeClaim) {
	t.Helper()
	vols := map[string]bool{}
	for _, v := range p.Volumes {
		if vols[v.Name] {
			t.Errorf("%s: volume %q defined twice", what, v.Name)
		}
		vols[v.Name] = true
		switch {
		case v.ConfigMap != nil:
			if !hasName(v.ConfigMap.Name, names(cms)) {
				t.Errorf("%s: volume %q: ConfigMap %q is not defined (have %v)", what, v.Name, v.ConfigMap.Name, names(cms))
			}
		case v.PersistentVolumeClaim != nil:
			if !hasName(v.PersistentVolumeClaim.ClaimName, names(claims)) {
				t.Errorf("%s: volume %q: claim %q is not defined (have %v)", what, v.Name, v.PersistentVolumeClaim.ClaimName, names(claims))
			}
		default:
			t.Errorf("%s: volume %q: neither a ConfigMap nor a claim", what, v.Name)
		}
	}
	used := map[string]bool{}
	sc := p.SecurityContext
	podNonRoot := sc != nil && sc.RunAsNonRoot != nil && *sc.RunAsNonRoot && sc.RunAsUser != nil && *sc.RunAsUser != 0
	if len(p.Containers) == 0 {
		t.Fatalf("%s: no containers", what)
	}
	for _, c := range p.Containers {
		for _, m := range c.VolumeMounts {
			if !vols[m.Name] {
				t.Errorf("%s: container %s mounts %q, which is not a volume of the pod", what, c.Name, m.Name)
			}
			used[m.Name] = true
		}
		img := c.Image
		if !strings.Contains(img, ":") || strings.HasSuffix(img, ":latest") || !tagged.MatchString(img) {
			t.Errorf("%s: container %s: image %q is not pinned by a version tag", what, c.Name, img)
		}
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			req, okReq := c.Resources.Requests[r]
			lim, okLim := c.Resources.Limits[r]
			if !okReq || !okLim {
				t.Errorf("%s: container %s: %s request and limit must both be set", what, c.Name, r)
				continue
			}
			if req.Cmp(lim) > 0 {
				t.Errorf("%s: container %s: %s request %s above limit %s", what, c.Name, r, req.String(), lim.String())
			}
		}
		csc := c.SecurityContext
		nonRoot := podNonRoot || (csc != nil && csc.RunAsNonRoot != nil && *csc.RunAsNonRoot)
		if !nonRoot {
			t.Errorf("%s: container %s may run as root", what, c.Name)
		}
		if csc == nil || csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
			t.Errorf("%s: container %s: allowPrivilegeEscalation must be false", what, c.Name)
		}
	}
	for v := range vols {
		if !used[v] {
			t.Errorf("%s: volume %q is mounted by no container", what, v)
		}
	}
}

func names[T interface{ GetName() string }](objs []T) []string {
	var s []string
	for _, o := range objs {
		s = append(s, o.GetName())
	}
	return s
}

func hasName(n string, in []string) bool {
	for _, s := range in {
		if s == n {
			return true
		}
	}
	return false
}

// TestDockerfile checks deploy/Dockerfile: a multi-stage build whose images
// are pinned by version, the builder's Go at least the module's go line, a
// static (CGO_ENABLED=0) build, and a non-root user in the final stage.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	from := regexp.MustCompile(`(?m)^FROM\s+(\S+)(\s+AS\s+\S+)?\s*$`).FindAllStringSubmatch(text, -1)
	if len(from) < 2 {
		t.Fatalf("%d FROM lines, want a multi-stage build", len(from))
	}
	for _, f := range from {
		img := f[1]
		if !regexp.MustCompile(`:[0-9][0-9A-Za-z.-]*(@sha256:[0-9a-f]{64})?$`).MatchString(img) {
			t.Errorf("FROM %s: not pinned by a version tag", img)
		}
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	need := regexp.MustCompile(`(?m)^go (\d+)\.(\d+)`).FindStringSubmatch(string(gomod))
	have := regexp.MustCompile(`^golang:(\d+)\.(\d+)`).FindStringSubmatch(from[0][1])
	if need == nil || have == nil {
		t.Fatalf("builder %q or go.mod's go line not understood", from[0][1])
	}
	if atoi(have[1])*1000+atoi(have[2]) < atoi(need[1])*1000+atoi(need[2]) {
		t.Errorf("builder Go %s.%s older than go.mod's %s.%s", have[1], have[2], need[1], need[2])
	}
	if atoi(have[1]) == 1 && atoi(have[2]) < 25 {
		t.Errorf("builder Go %s.%s: want ≥ 1.25 (GOMAXPROCS from the container's CPU limit)", have[1], have[2])
	}
	if !strings.Contains(text, "CGO_ENABLED=0") {
		t.Error("the build does not set CGO_ENABLED=0 (static binary)")
	}
	final := text[strings.LastIndex(text, "\nFROM "):]
	u := regexp.MustCompile(`(?m)^USER\s+(\d+)`).FindStringSubmatch(final)
	if u == nil || u[1] == "0" {
		t.Errorf("final stage has no numeric non-root USER")
	}
	if strings.Contains(final, "golang:") {
		t.Error("final stage is the Go toolchain image")
	}
	// The manifests run as the Dockerfile's user.
	j := sweepJob(t, build(t, "sweep"))
	if u != nil && fmt.Sprint(*j.Spec.Template.Spec.SecurityContext.RunAsUser) != u[1] {
		t.Errorf("sweep Job runs as %d, the image's USER is %s", *j.Spec.Template.Spec.SecurityContext.RunAsUser, u[1])
	}
}

// deref formats *p, or "unset".
func deref[T any](p *T) string {
	if p == nil {
		return "unset"
	}
	return fmt.Sprint(*p)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestDocsShowShippedFiles checks that docs/cluster.md shows the shipped
// Slurm scripts verbatim, so the page and the files cannot drift apart.
func TestDocsShowShippedFiles(t *testing.T) {
	doc, err := os.ReadFile("../../docs/cluster.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"../slurm/sweep.sbatch", "../slurm/merge.sbatch"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(doc, data) {
			t.Errorf("docs/cluster.md does not show %s verbatim", f)
		}
	}
}
