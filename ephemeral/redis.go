package ephemeral

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"

	goredis "github.com/redis/go-redis/v9"
)

// StartRedis starts a redis-server on a free 127.0.0.1 port, its working
// directory a temporary one, with no persistence (a restarted server
// comes back empty, as a fresh cache). bin is the redis-server binary (""
// looks it up in PATH).
func StartRedis(ctx context.Context, bin string) (*Server, error) {
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("redis-server"); err != nil {
			return nil, fmt.Errorf("%w: redis-server (install redis-server, e.g. with scripts/ensure-servers.sh)", ErrMissing)
		}
	}
	dir, err := os.MkdirTemp("", "stressql-ephemeral-redis-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{
		Driver: "redis",
		URL:    "redis://" + addr(port) + "/0",
		Addr:   addr(port),
		Dir:    dir,
		argv: []string{bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
			"--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
			"--maxclients", "10000"},
		// SIGTERM is a clean shutdown; with no save point it saves nothing
		// (SHUTDOWN NOSAVE).
		fast: syscall.SIGTERM,
		log:  filepath.Join(dir, "redis.log"),
	}
	s.ready = func(ctx context.Context) error {
		c := goredis.NewClient(&goredis.Options{Addr: s.Addr, MaxRetries: -1, PoolSize: 1})
		defer c.Close()
		return c.Ping(ctx).Err()
	}
	s.mu.Lock()
	err = s.start(ctx)
	s.mu.Unlock()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}
