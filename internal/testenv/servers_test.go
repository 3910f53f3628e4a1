package testenv

import (
	"context"
	"testing"

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
