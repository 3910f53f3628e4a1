package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"
)

func TestTempRoleAndRedisUser(t *testing.T) {
	pw := `p@ss:/%!#?&=' "w`
	name := TempRole(t, RoleOptions{Password: pw})
	conn, err := pgx.Connect(context.Background(), RoleURL(t, name, pw))
	if err != nil {
		t.Fatalf("connect as temp role: %v", err)
	}
	conn.Close(context.Background())

	user := TempRedisUser(t, pw)
	opt, err := goredis.ParseURL(RedisUserURL(t, user, pw))
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("ping as temp user: %v", err)
	}
}

func TestStartRedis(t *testing.T) {
	u := StartRedis(t, "maxclients", "2")
	opt, _ := goredis.ParseURL(u)
	c := goredis.NewClient(opt)
	defer c.Close()
	v, err := c.ConfigGet(context.Background(), "maxclients").Result()
	if err != nil || v["maxclients"] != "2" {
		t.Fatalf("maxclients = %v, %v", v, err)
	}
}

func TestStartPgBouncer(t *testing.T) {
	for _, mode := range []string{"session", "transaction", "statement"} {
		t.Run(mode, func(t *testing.T) {
			u := StartPgBouncer(t, mode, PgBouncerOptions{AuthType: "scram-sha-256"})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := pgx.Connect(ctx, u)
			if err != nil {
				t.Fatalf("connect through pgbouncer: %v", err)
			}
			defer c.Close(ctx)
			var n int
			if err := c.QueryRow(ctx, "select 1", pgx.QueryExecModeSimpleProtocol).Scan(&n); err != nil || n != 1 {
				t.Fatalf("select 1 through pgbouncer = %d, %v", n, err)
			}
			a, err := pgx.Connect(ctx, PgBouncerAdminURL(t, u))
			if err != nil {
				t.Fatalf("connect to the admin console: %v", err)
			}
			defer a.Close(ctx)
			var got string
			rows, err := a.Query(ctx, "SHOW CONFIG", pgx.QueryExecModeSimpleProtocol)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				vals, _ := rows.Values()
				if fmt.Sprint(vals[0]) == "pool_mode" {
					got = fmt.Sprint(vals[1])
				}
			}
			if rows.Err() != nil || got != mode {
				t.Fatalf("SHOW CONFIG pool_mode = %q, %v; want %q", got, rows.Err(), mode)
			}
		})
	}
}
