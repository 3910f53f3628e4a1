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
	return startRedisServer(ctx, bin, "redis", nil)
}

// redisServerBin is bin, or redis-server from PATH when bin is "".
func redisServerBin(bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	p, err := exec.LookPath("redis-server")
	if err != nil {
		return "", fmt.Errorf("%w: redis-server (install redis-server, e.g. with scripts/ensure-servers.sh)", ErrMissing)
	}
	return p, nil
}

// startRedisServer starts a redis-server as StartRedis does, with extra
// arguments (replicaof, cluster mode); what names its temporary
// directory (stressql-ephemeral-WHAT-*).
func startRedisServer(ctx context.Context, bin, what string, extra func(dir string) []string) (*Server, error) {
	bin, err := redisServerBin(bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "stressql-ephemeral-"+what+"-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	argv := []string{bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
		"--maxclients", "10000"}
	if extra != nil {
		argv = append(argv, extra(dir)...)
	}
	s := &Server{
		Driver: "redis",
		URL:    "redis://" + addr(port) + "/0",
		Addr:   addr(port),
		Dir:    dir,
		argv:   argv,
		// SIGTERM is a clean shutdown; with no save point it saves nothing
		// (SHUTDOWN NOSAVE).
		fast: syscall.SIGTERM,
		log:  filepath.Join(dir, "redis.log"),
	}
	s.ready = func(ctx context.Context) error { return redisPing(ctx, s.Addr) }
	err = s.launch(ctx)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func redisPing(ctx context.Context, addr string) error {
	c := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1, PoolSize: 1})
	defer c.Close()
	return c.Ping(ctx).Err()
}
