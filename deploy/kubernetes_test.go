package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// decode reads one manifest into v strictly: a field the Kubernetes API
// type does not have (a typo, a wrong level) fails.
func decode(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func envOf(c corev1.Container, name string) *corev1.EnvVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

func mountOf(c corev1.Container, spec corev1.PodSpec, path string) (*corev1.Volume, bool) {
	for _, m := range c.VolumeMounts {
		if m.MountPath == path {
			for i := range spec.Volumes {
				if spec.Volumes[i].Name == m.Name {
					return &spec.Volumes[i], m.ReadOnly
				}
			}
		}
	}
	return nil, false
}

func TestShardsJob(t *testing.T) {
	var job batchv1.Job
	decode(t, "shards-job.yaml", &job)
	if job.Kind != "Job" || job.APIVersion != "batch/v1" {
		t.Fatalf("kind %s/%s", job.APIVersion, job.Kind)
	}
	s := job.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("the shards Job is not Indexed (completionMode: Indexed)")
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Completions != *s.Parallelism || *s.Completions < 2 {
		t.Fatal("completions and parallelism must be the same shard count, so that every shard runs at once")
	}
	n := int(*s.Completions)
	pod := s.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Error("a shard must not restart: a restarted shard arrives late")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers", len(pod.Containers))
	}
	c := pod.Containers[0]
	args := strings.Join(c.Args, " ")
	if len(c.Args) == 0 || c.Args[0] != "run" || !slices.Contains(c.Args, "--shard-from-env") {
		t.Errorf("the shard runs %q: want run … --shard-from-env", args)
	}
	if e := envOf(c, "STRESSQL_SHARDS"); e == nil || e.Value != strconv.Itoa(n) {
		t.Errorf("STRESSQL_SHARDS must be the completions (%d): %+v", n, e)
	}
	if e := envOf(c, "JOB_COMPLETION_INDEX"); e != nil {
		if e.ValueFrom == nil || e.ValueFrom.FieldRef == nil ||
			e.ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
			t.Errorf("JOB_COMPLETION_INDEX must come from the completion index annotation: %+v", e)
		}
	}
	if !slices.Contains(c.Args, "--start-at") {
		t.Error("the shards must share a start barrier (--start-at)")
	}
	i := slices.Index(c.Args, "--json")
	if i < 0 || i+1 >= len(c.Args) || !strings.Contains(c.Args[i+1], "$(JOB_COMPLETION_INDEX)") {
		t.Fatalf("each shard must write its own report (--json …$(JOB_COMPLETION_INDEX)…): %q", args)
	}
	report := c.Args[i+1]
	vol, ro := mountOf(c, pod, filepath.Dir(report))
	if vol == nil || vol.PersistentVolumeClaim == nil || ro {
		t.Errorf("the reports (%s) must go to a writable shared volume", report)
	}
	scen, _ := mountOf(c, pod, c.Args[1])
	if scen == nil || scen.ConfigMap == nil {
		t.Errorf("the scenarios (%s) must come from a ConfigMap", c.Args[1])
	}

	var merge batchv1.Job
	decode(t, "merge-job.yaml", &merge)
	mc := merge.Spec.Template.Spec.Containers[0]
	if len(mc.Args) == 0 || mc.Args[0] != "merge" || !slices.Contains(mc.Args, "--plan") {
		t.Errorf("the merge Job runs %q: want merge --plan …", mc.Args)
	}
	if mc.Image != c.Image {
		t.Errorf("merge image %s, shards' %s: one stressql must do both", mc.Image, c.Image)
	}
	if v, _ := mountOf(mc, merge.Spec.Template.Spec, filepath.Dir(report)); v == nil || v.PersistentVolumeClaim == nil ||
		v.PersistentVolumeClaim.ClaimName != vol.PersistentVolumeClaim.ClaimName {
		t.Error("the merge Job must mount the shards' results volume where they wrote")
	}
	if !slices.Contains(mc.Args, filepath.Dir(report)) {
		t.Errorf("the merge Job must read the reports' directory %s: %q", filepath.Dir(report), mc.Args)
	}
	if v, _ := mountOf(mc, merge.Spec.Template.Spec, mc.Args[slices.Index(mc.Args, "--plan")+1]); v == nil || v.ConfigMap == nil ||
		v.ConfigMap.Name != scen.ConfigMap.Name {
		t.Error("the merge Job must compile the same scenarios (the same ConfigMap)")
	}

	var pvc corev1.PersistentVolumeClaim
	decode(t, "results-pvc.yaml", &pvc)
	if pvc.Name != vol.PersistentVolumeClaim.ClaimName || !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Errorf("the results claim %q must be ReadWriteMany and the one the Jobs mount", pvc.Name)
	}
}

// A typo in a manifest fails strict decoding.
func TestStrictDecodingCatchesTypos(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("kubernetes", "shards-job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), "completionMode:", "completionMod:", 1)
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(bad), &job); err == nil {
		t.Error("a misspelt field decoded")
	}
}
