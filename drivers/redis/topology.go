package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
)

// kind is the deployment a target URL names.
type kind int

const (
	single   kind = iota // redis:// rediss://: one server
	sentinel             // redis+sentinel://: a master found through sentinels
	cluster              // redis+cluster://: a Redis Cluster
)

// Target URL schemes of Sentinel and Cluster deployments (TLS: rediss+...).
const (
	SchemeSentinel    = "redis+sentinel"
	SchemeSentinelTLS = "rediss+sentinel"
	SchemeCluster     = "redis+cluster"
	SchemeClusterTLS  = "rediss+cluster"
)

// topo is what a target URL says about the deployment beyond what
// goredis.ParseURL reads from it.
type topo struct {
	kind kind
	// Sentinel: the master's name and the sentinels' addresses (and their
	// own credentials, sentinel_username / sentinel_password).
	master       string
	sentinels    []string
	sentinelUser string
	sentinelPass string
	// Cluster: the seed nodes.
	nodes []string
	// watch follows a Sentinel pool's master (nil otherwise).
	watch *masterWatch
	// cn counts a cluster pool's redirections and keeps its node clients
	// (nil otherwise, and on the monitor's copy: its commands are not
	// counted).
	cn *clusterNodes
}

// parseTarget splits a Sentinel or Cluster target into its topology and a
// plain redis:// (rediss://) URL of its first address carrying the rest
// (credentials, database, query options), for goredis.ParseURL. A plain
// target comes back unchanged. Forms:
//
//	redis+sentinel://[user:pass@]H:P[,H:P…]/MASTER[/DB][?addr=H:P…]
//	redis+sentinel://[user:pass@]H:P[,H:P…][/DB]?master_name=MASTER[&addr=H:P…]
//	redis+cluster://[user:pass@]H:P[,H:P…][?addr=H:P…]
//
// user:pass are the data servers'; sentinel_username and
// sentinel_password (query) the sentinels' own, when they need one.
func parseTarget(raw string) (topo, string, error) {
	scheme, _, ok := strings.Cut(raw, "://")
	var t topo
	switch strings.ToLower(scheme) {
	case SchemeSentinel, SchemeSentinelTLS:
		t.kind = sentinel
	case SchemeCluster, SchemeClusterTLS:
		t.kind = cluster
	default:
		return t, raw, nil
	}
	if !ok {
		return t, "", errors.New("not a URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return t, "", err
	}
	q := u.Query()
	var addrs []string
	for _, h := range strings.Split(u.Host, ",") {
		if h != "" {
			addrs = append(addrs, withPort(h))
		}
	}
	for _, a := range q["addr"] {
		if h, p, err := net.SplitHostPort(a); err != nil || h == "" || p == "" {
			return t, "", fmt.Errorf("addr=%s: want HOST:PORT", a)
		}
		addrs = append(addrs, a)
	}
	q.Del("addr")
	if len(addrs) == 0 {
		return t, "", errors.New("no address: want HOST:PORT after ://")
	}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	db := ""
	switch t.kind {
	case sentinel:
		t.sentinels = addrs
		t.master = q.Get("master_name")
		q.Del("master_name")
		if t.master == "" {
			if len(segs) == 0 {
				return t, "", errors.New("no master name: want redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER_NAME[/DB]")
			}
			t.master, segs = segs[0], segs[1:]
		}
		t.sentinelUser, t.sentinelPass = q.Get("sentinel_username"), q.Get("sentinel_password")
		q.Del("sentinel_username")
		q.Del("sentinel_password")
	case cluster:
		t.nodes = addrs
	}
	switch len(segs) {
	case 0:
	case 1:
		if _, err := strconv.Atoi(segs[0]); err != nil {
			return t, "", fmt.Errorf("invalid database number %q", segs[0])
		}
		db = "/" + segs[0]
	default:
		return t, "", fmt.Errorf("invalid URL path %q", u.Path)
	}
	if t.kind == cluster && db != "" && db != "/0" {
		return t, "", errors.New("a Redis Cluster has only database 0")
	}
	plain := &url.URL{Scheme: strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(u.Scheme), "+sentinel"), "+cluster"),
		User: u.User, Host: addrs[0], Path: db, RawQuery: q.Encode()}
	return t, plain.String(), nil
}

// withPort adds Redis's default port to a host without one.
func withPort(h string) string {
	if _, _, err := net.SplitHostPort(h); err == nil {
		return h
	}
	return net.JoinHostPort(strings.Trim(h, "[]"), "6379")
}

// newClient builds the go-redis client of o for the topology: a plain
// client, a failover client (Sentinel: it follows the master the
// sentinels name) or a cluster client (pool attributes per node).
func (t *topo) newClient(o *goredis.Options) goredis.UniversalClient {
	switch t.kind {
	case sentinel:
		return goredis.NewFailoverClient(t.failoverOptions(o))
	case cluster:
		return goredis.NewClusterClient(t.clusterOptions(o))
	}
	return goredis.NewClient(o)
}

func (t *topo) failoverOptions(o *goredis.Options) *goredis.FailoverOptions {
	return &goredis.FailoverOptions{
		MasterName:            t.master,
		SentinelAddrs:         slices.Clone(t.sentinels),
		SentinelUsername:      t.sentinelUser,
		SentinelPassword:      t.sentinelPass,
		ClientName:            o.ClientName,
		Dialer:                o.Dialer,
		Username:              o.Username,
		Password:              o.Password,
		DB:                    o.DB,
		Protocol:              o.Protocol,
		MaxRetries:            o.MaxRetries,
		DialTimeout:           o.DialTimeout,
		DialerRetries:         o.DialerRetries,
		ReadTimeout:           o.ReadTimeout,
		WriteTimeout:          o.WriteTimeout,
		ContextTimeoutEnabled: o.ContextTimeoutEnabled,
		PoolFIFO:              o.PoolFIFO,
		PoolSize:              o.PoolSize,
		PipelinePoolSize:      o.PipelinePoolSize,
		PoolTimeout:           o.PoolTimeout,
		MinIdleConns:          o.MinIdleConns,
		MaxIdleConns:          o.MaxIdleConns,
		MaxActiveConns:        o.MaxActiveConns,
		ConnMaxIdleTime:       o.ConnMaxIdleTime,
		ConnMaxLifetime:       o.ConnMaxLifetime,
		TLSConfig:             o.TLSConfig,
		DisableIdentity:       o.DisableIdentity,
	}
}

func (t *topo) clusterOptions(o *goredis.Options) *goredis.ClusterOptions {
	return &goredis.ClusterOptions{
		Addrs:                    slices.Clone(t.nodes),
		ClientName:               o.ClientName,
		Dialer:                   o.Dialer,
		Username:                 o.Username,
		Password:                 o.Password,
		Protocol:                 o.Protocol,
		MaxRetries:               o.MaxRetries,
		DialTimeout:              o.DialTimeout,
		DialerRetries:            o.DialerRetries,
		ReadTimeout:              o.ReadTimeout,
		WriteTimeout:             o.WriteTimeout,
		ContextTimeoutEnabled:    o.ContextTimeoutEnabled,
		PoolFIFO:                 o.PoolFIFO,
		PoolSize:                 o.PoolSize,
		PipelinePoolSize:         o.PipelinePoolSize,
		PoolTimeout:              o.PoolTimeout,
		MinIdleConns:             o.MinIdleConns,
		MaxIdleConns:             o.MaxIdleConns,
		MaxActiveConns:           o.MaxActiveConns,
		ConnMaxIdleTime:          o.ConnMaxIdleTime,
		ConnMaxLifetime:          o.ConnMaxLifetime,
		TLSConfig:                o.TLSConfig,
		DisableIdentity:          o.DisableIdentity,
		MaintNotificationsConfig: o.MaintNotificationsConfig,
		NewClient:                t.nodeClient,
	}
}

// nodeClient is the cluster client's NewClient: go-redis's, or with a
// pool's counters (clusterNodes) one whose hook counts redirections.
func (t *topo) nodeClient(o *goredis.Options) *goredis.Client {
	if t.cn == nil {
		return goredis.NewClient(o)
	}
	return t.cn.newClient(o)
}

// eachNode runs fn on every server that holds the pool's connections and
// keys: the one server (Sentinel: the current master), or every master of
// a cluster, concurrently.
func eachNode(ctx context.Context, c goredis.UniversalClient, fn func(ctx context.Context, c *goredis.Client) error) error {
	if cc, ok := c.(*goredis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, fn)
	}
	return fn(ctx, c.(*goredis.Client))
}

// masterWatch knows which server a Sentinel pool's master is, as far as
// the pool has seen: the new master a failover fault saw (pinned), else
// the address of its latest dial to a data server (the failover client
// dials the master the sentinels name).
type masterWatch struct {
	addr      atomic.Pointer[string]
	pinned    atomic.Bool
	sentinels []string
	closed    *atomic.Bool
}

// dialed records a dial to addr: the master, unless a failover fault saw
// another one since (go-redis may still dial the old master for a moment).
func (w *masterWatch) dialed(addr string) {
	if cur := w.addr.Load(); !w.pinned.Load() && (cur == nil || *cur != addr) {
		w.addr.Store(&addr)
	}
}

// set records the master a failover fault saw.
func (w *masterWatch) set(addr string) {
	w.addr.Store(&addr)
	w.pinned.Store(true)
}

func (w *masterWatch) current() string {
	if a := w.addr.Load(); a != nil {
		return *a
	}
	return ""
}

// StaleConnError is the failure of a connection to a server that is no
// longer the master (a Sentinel failover moved it), or one go-redis
// closed under the iteration because the master moved.
type StaleConnError struct {
	Addr string // the server the connection was to
	Err  error
}

func (e *StaleConnError) Error() string {
	return fmt.Sprintf("stale connection to %s (no longer the master): %v", e.Addr, e.Err)
}

func (e *StaleConnError) Unwrap() error { return e.Err }

// trackedConn is a Sentinel pool's connection to a data server: its I/O
// errors become StaleConnError when the server is no longer the master.
type trackedConn struct {
	net.Conn
	addr string
	w    *masterWatch
}

func (c *trackedConn) stale(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return err // a deadline: go-redis and the classifier read it as such
	}
	if c.w.current() != c.addr || (errors.Is(err, net.ErrClosed) && !c.w.closed.Load()) {
		return &StaleConnError{Addr: c.addr, Err: err}
	}
	return err
}

// rawTrackedConn is a trackedConn on plain TCP: it exposes the
// descriptor, as the connection it wraps does, so that go-redis's health
// check of idle connections still runs on a Sentinel pool (it skips
// connections without one; a TLS connection has none, as without the
// wrapper).
type rawTrackedConn struct {
	*trackedConn
	raw syscall.Conn
}

func (c rawTrackedConn) SyscallConn() (syscall.RawConn, error) { return c.raw.SyscallConn() }

func (c *trackedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err != nil {
		err = c.stale(err)
	}
	return n, err
}

// errNotMaster is why a command is not sent to a server once a failover
// fault saw another master: the demoted master may accept writes for a
// moment, and loses them when it becomes a replica.
var errNotMaster = errors.New("the sentinels name another master now: not sent")

func (c *trackedConn) Write(b []byte) (int, error) {
	if c.w.pinned.Load() && c.w.current() != c.addr {
		return 0, &StaleConnError{Addr: c.addr, Err: errNotMaster}
	}
	n, err := c.Conn.Write(b)
	if err != nil {
		err = c.stale(err)
	}
	return n, err
}

// sentinelDialer wraps the pool's dialer for a Sentinel target: the
// sentinels are dialed bare (go-redis authenticates to them with their
// own credentials), the data servers with the pool's handshake, tracked;
// once a failover fault saw the new master, data connections go there.
func sentinelDialer(named, bare func(context.Context, string, string) (net.Conn, error), w *masterWatch) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if slices.Contains(w.sentinels, addr) {
			return bare(ctx, network, addr)
		}
		if w.pinned.Load() {
			// go-redis may ask for the old master until its sentinel
			// subscription hears of the switch: dial the one a failover
			// fault saw.
			addr = w.current()
		}
		c, err := named(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		w.dialed(addr)
		tc := &trackedConn{Conn: c, addr: addr, w: w}
		if raw, ok := c.(syscall.Conn); ok {
			return rawTrackedConn{trackedConn: tc, raw: raw}, nil
		}
		return tc, nil
	}
}

// failoverWait bounds how long Failover waits for the sentinels to name a
// new master.
const failoverWait = 30 * time.Second

var errNotSentinel = errors.New("the failover fault needs a Redis Sentinel target (" + SchemeSentinel + "://HOST:PORT[,HOST:PORT…]/MASTER_NAME)")

// Failover implements drivers.Failoverer: SENTINEL FAILOVER <master> on
// the first sentinel that answers, then the sentinels are asked (every
// 10 ms) until one names another master, which is returned. sent is
// called once the sentinel accepted the failover, with the old master.
func (p *pool) Failover(ctx context.Context, sent func(old string)) (string, error) {
	if p.top.kind != sentinel {
		return "", errNotSentinel
	}
	var errs []error
	for _, a := range p.top.sentinels {
		sc := p.sentinelClient(a)
		old, err := masterOf(ctx, sc, p.top.master)
		if err == nil {
			err = sc.Failover(ctx, p.top.master).Err()
		}
		_ = sc.Close()
		if err != nil {
			errs = append(errs, fmt.Errorf("sentinel %s: %w", a, err))
			var reply goredis.Error
			if errors.As(err, &reply) {
				break // the sentinel refused (no good replica, one in progress): another would too
			}
			continue
		}
		sent(old)
		return p.awaitMaster(ctx, old)
	}
	return "", fmt.Errorf("SENTINEL FAILOVER %s: %w", p.top.master, errors.Join(errs...))
}

// awaitMaster asks the sentinels until one names a master other than old.
func (p *pool) awaitMaster(ctx context.Context, old string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, failoverWait)
	defer cancel()
	clients := make([]*goredis.SentinelClient, len(p.top.sentinels))
	for i, a := range p.top.sentinels {
		clients[i] = p.sentinelClient(a)
	}
	defer func() {
		for _, c := range clients {
			_ = c.Close()
		}
	}()
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		for _, c := range clients {
			if m, err := masterOf(ctx, c, p.top.master); err == nil && m != old {
				p.top.watch.set(m)
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("no sentinel named a new master of %s (still %s): %w", p.top.master, old, ctx.Err())
		case <-t.C:
		}
	}
}

func (p *pool) sentinelClient(addr string) *goredis.SentinelClient {
	return goredis.NewSentinelClient(&goredis.Options{
		Addr: addr, Username: p.top.sentinelUser, Password: p.top.sentinelPass,
		TLSConfig: p.opt.TLSConfig, DialTimeout: p.dialTimeout, MaxRetries: -1,
		DisableIdentity: true, ClientName: monitorName(p.app),
	})
}

func masterOf(ctx context.Context, c *goredis.SentinelClient, name string) (string, error) {
	hp, err := c.GetMasterAddrByName(ctx, name).Result()
	if err != nil {
		return "", err
	}
	if len(hp) != 2 {
		return "", fmt.Errorf("SENTINEL GET-MASTER-ADDR-BY-NAME %s: unexpected reply %q", name, hp)
	}
	return net.JoinHostPort(hp[0], hp[1]), nil
}

// sumMu guards counts summed by concurrent eachNode callbacks.
type sumMu struct {
	mu sync.Mutex
	n  int
}

func (s *sumMu) add(n int) {
	s.mu.Lock()
	s.n += n
	s.mu.Unlock()
}

var _ drivers.Failoverer = (*pool)(nil)
