package engine

import (
	"testing"
	"unsafe"
)

// TestShardFillsItsLines: a recorder shard is 128 bytes, so that no two
// shards' locks share a cache line (see recShard). A field added to it
// must come out of shardPad.
func TestShardFillsItsLines(t *testing.T) {
	if got := unsafe.Sizeof(recShard{}); got != 128 {
		t.Errorf("recShard is %d bytes, want 128: resize shardPad", got)
	}
}
