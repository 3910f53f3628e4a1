package testenv

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// recorder is a testing.TB that records how a helper ended the test
// instead of ending the real one. Methods it does not override panic
// (the embedded TB is nil), so a helper calling them is noticed.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	fatal  string
	skip   string
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func (r *recorder) Skip(args ...any) {
	r.mu.Lock()
	r.skip = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// call runs f with a recorder in its own goroutine, as the testing
// package runs a test, and returns the recorder once f has ended.
func call(f func(t testing.TB)) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// countGoroutines waits for goroutines other tests left ending to end,
// then counts.
func countGoroutines() int {
	time.Sleep(10 * time.Millisecond)
	return runtime.NumGoroutine()
}
