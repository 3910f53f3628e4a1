package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/redact"
)

// PreflightTimeout bounds a whole Preflight when the caller's context has
// no earlier deadline.
const PreflightTimeout = 5 * time.Second

// preflightTTL is how long the probe key could live if DEL never ran.
const preflightTTL = 10 * time.Second

// Preflight checks, on one connection of its own, that the target answers
// RESP, accepts the login (AUTH, CLIENT SETNAME and SELECT, as every pool
// connection does), lets the user write and delete a key in the run's
// namespace (SET with a short PX, then DEL: the ACL key patterns and
// command permissions are checked for real), and, when req.Commands has
// command steps, run COMMAND INFO (and COMMAND GETKEYS for commands whose
// keys move), which the driver needs to prefix their keys. It reads
// maxclients (CONFIG GET; skipped silently when the ACL refuses it) and
// the clients connected now (INFO clients). It stops at the first problem;
// its messages never contain the password.
func Preflight(ctx context.Context, req drivers.PreflightRequest) drivers.PreflightResult {
	var res drivers.PreflightResult
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	silenceOnce.Do(func() { goredis.SetLogger(quiet{}) })
	// The monitor's options: the pool's handshake (AUTH as the driver's
	// dialer sends it, CLIENT SETNAME, SELECT), straight to the URL.
	cfg := DefaultConfig()
	cfg.DialTimeout = PreflightTimeout
	_, opt, top, err := options(cfg, drivers.Env{URL: req.Env.URL}, clientName(req.Env.AppName))
	if err != nil {
		res.Problems = append(res.Problems, drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("redis: the target is not a valid URL: %v", scrub(err, req.Env.URL))})
		return res
	}
	if slices.Contains(req.Faults, faultkind.Failover) && top.kind != sentinel {
		res.Problems = append(res.Problems, drivers.Finding{Kind: "other",
			Message: fmt.Sprintf("redis: a failover fault needs a Redis Sentinel target, and %s is not one.", redact.Target(req.Env.URL)),
			Hint:    "Point --redis at the sentinels: redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER_NAME[/DB] (see docs/dsl.md, Redis Sentinel and Cluster targets), or remove the failover fault."})
		return res
	}
	user := opt.Username
	if user == "" {
		user = "default"
	}
	where := opt.Addr
	switch top.kind {
	case sentinel:
		where = fmt.Sprintf("the master %q of the sentinels %s", top.master, strings.Join(top.sentinels, ","))
	case cluster:
		where = "the cluster at " + strings.Join(top.nodes, ",")
	}
	c := top.newClient(opt)
	defer c.Close()

	if err := c.Ping(ctx).Err(); err != nil {
		res.Problems = append(res.Problems, connectProblem(err, where, user, req.Env.URL))
		return res
	}

	key := req.Env.Namespace + "preflight"
	if err := c.Set(ctx, key, "1", preflightTTL).Err(); err != nil {
		res.Problems = append(res.Problems, commandProblem(err, where, user, "SET "+key, req.Env.URL))
		return res
	}
	if err := c.Del(ctx, key).Err(); err != nil {
		res.Problems = append(res.Problems, commandProblem(err, where, user, "DEL "+key, req.Env.URL))
		return res
	}
	if f, ok := checkCommands(ctx, c, req.Commands, where, user, req.Env.URL); !ok {
		res.Problems = append(res.Problems, f)
		return res
	}

	if l, ok := clientLimit(ctx, c); ok {
		res.Limits = append(res.Limits, l)
	}
	return res
}

// checkCommands asks COMMAND INFO about every command name once, and
// COMMAND GETKEYS for those whose keys depend on their arguments, as
// Prepare will.
func checkCommands(ctx context.Context, c goredis.UniversalClient, cmds [][]string, where, user, url string) (drivers.Finding, bool) {
	seen := map[string]bool{}
	for _, args := range cmds {
		if len(args) == 0 {
			continue
		}
		name := strings.ToLower(args[0])
		if seen[name] {
			continue
		}
		seen[name] = true
		reply, err := c.Do(ctx, "command", "info", name).Result()
		if err != nil {
			return commandProblem(err, where, user, "COMMAND INFO "+name, url), false
		}
		spec := parseCommandInfo(reply)
		if !spec.known || !(spec.movable || spec.subcommands) {
			continue
		}
		getkeys := make([]any, len(args))
		for i, a := range args {
			getkeys[i] = a
		}
		err = c.CommandGetKeys(ctx, getkeys...).Err()
		if err != nil && (isNoPerm(err) || !isReply(err)) {
			// Other error replies (a command without keys) are what
			// Prepare takes as "no keys" too.
			return commandProblem(err, where, user, "COMMAND GETKEYS "+strings.Join(args, " "), url), false
		}
	}
	return drivers.Finding{}, true
}

// clientLimit reads maxclients and the connected clients; ok is false
// when the server does not tell (CONFIG refused by the ACL, a proxy).
func clientLimit(ctx context.Context, c goredis.UniversalClient) (drivers.ConnLimit, bool) {
	cfg, err := c.ConfigGet(ctx, "maxclients").Result()
	if err != nil {
		return drivers.ConnLimit{}, false
	}
	maxClients, err := strconv.Atoi(cfg["maxclients"])
	if err != nil || maxClients <= 0 {
		return drivers.ConnLimit{}, false
	}
	info, err := c.Info(ctx, "clients").Result()
	if err != nil {
		return drivers.ConnLimit{}, false
	}
	connected := -1
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "connected_clients:"); ok {
			connected, _ = strconv.Atoi(v)
		}
	}
	if connected < 1 {
		return drivers.ConnLimit{}, false
	}
	return drivers.ConnLimit{What: fmt.Sprintf("maxclients %d", maxClients), Max: maxClients,
		InUse: connected - 1}, true // not counting the preflight's own
}

func isReply(err error) bool {
	var replyErr goredis.Error
	return errors.As(err, &replyErr)
}

func isNoPerm(err error) bool {
	return isReply(err) && strings.HasPrefix(err.Error(), "NOPERM")
}

// connectProblem explains why PING (and the connection handshake before
// it) failed.
func connectProblem(err error, where, user, url string) drivers.Finding {
	msg := scrub(err, url).Error()
	if isReply(err) {
		switch {
		case strings.HasPrefix(msg, "WRONGPASS"), strings.HasPrefix(msg, "NOAUTH"),
			strings.Contains(msg, "AUTH") && strings.HasPrefix(msg, "ERR"):
			return drivers.Finding{Kind: "auth",
				Message: fmt.Sprintf("redis: %s rejected the login of user %q: %s", where, user, sentence(msg)),
				Hint:    "Check the user name and password of the target URL (redis://user:password@host:port/db)."}
		case strings.Contains(msg, "max number of clients"):
			return drivers.Finding{Kind: "limit",
				Message: fmt.Sprintf("redis: %s accepts no more clients: %s", where, sentence(msg)),
				Hint:    "Close other clients of the server, or raise its maxclients."}
		case strings.HasPrefix(msg, "NOPERM"):
			return commandProblem(err, where, user, "the connection handshake (CLIENT SETNAME, SELECT, PING)", url)
		}
		return drivers.Finding{Kind: "other", Message: fmt.Sprintf("redis: %s refused the connection: %s", where, sentence(msg))}
	}
	switch kind := Classify(err); kind {
	case errkind.Refused:
		return drivers.Finding{Kind: "unreachable", Message: fmt.Sprintf("redis: nothing answers at %s (connection refused).", where)}
	case errkind.Timeout:
		if drivers.TCPAnswers(where) {
			return drivers.Finding{Kind: "unreachable",
				Message: fmt.Sprintf("redis: %s accepts TCP connections but did not answer PING within %s: is it a Redis server (or does it need TLS: rediss://)?",
					where, PreflightTimeout)}
		}
		return drivers.Finding{Kind: "unreachable",
			Message: fmt.Sprintf("redis: nothing answers at %s (no answer within %s).", where, PreflightTimeout)}
	case errkind.DNS:
		host, _, _ := net.SplitHostPort(where)
		return drivers.Finding{Kind: "unreachable",
			Message: fmt.Sprintf("redis: nothing answers at %s (host name %s does not resolve).", where, host)}
	case errkind.Reset:
		return drivers.Finding{Kind: "unreachable",
			Message: fmt.Sprintf("redis: %s closed the connection before answering (is it a Redis server? does it need TLS: rediss://?).", where)}
	case errkind.TLS:
		return drivers.Finding{Kind: "other", Message: fmt.Sprintf("redis: TLS with %s failed: %s", where, msg),
			Hint: "Use rediss:// only for a server that speaks TLS, redis:// otherwise."}
	}
	return drivers.Finding{Kind: "unreachable", Message: fmt.Sprintf("redis: connecting to %s failed: %s", where, msg)}
}

// commandProblem explains a command the run needs that the server
// refused.
func commandProblem(err error, where, user, what, url string) drivers.Finding {
	msg := scrub(err, url).Error()
	if !isReply(err) {
		return connectProblem(err, where, user, url)
	}
	if isNoPerm(err) {
		return drivers.Finding{Kind: "permission",
			Message: fmt.Sprintf("redis: user %q may not run %s on %s: %s", user, what, where, sentence(msg)),
			Hint: fmt.Sprintf("stressql writes only keys under stressql:*; grant the user those keys and the commands of the run, "+
				"e.g. as an admin: ACL SETUSER %s ~stressql:* +@read +@write +@keyspace +@connection +command +client +info", user)}
	}
	return drivers.Finding{Kind: "other",
		Message: fmt.Sprintf("redis: %s refused %s for user %q: %s", where, what, user, sentence(msg))}
}

// sentence ends a server's message with a full stop unless it has one.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
