// Package deploy holds the files that run stressql on existing batch
// engines (docs/sharding.md): kubernetes/ (an Indexed Job of shards, a
// merge Job, the results volume) and nomad/; its test checks the
// Kubernetes manifests against the Kubernetes API types.
package deploy
