# Every group of the Redis command policy: each step is refused, once, at its args element.
scenario "dangerous_forms" {
  driver = "redis"
  load "l" {
    pattern = "burst"
    workers = 1
    step "command" {
      args = ["EVAL", "return redis.call('FLUSHALL')", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["eval", "return 1", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["EvalSha", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["EVAL_RO", "return 1", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["EVALSHA_RO", "abc", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["FCALL", "f", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["FCALL_RO", "f", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SCRIPT", "FLUSH"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["FUNCTION", "FLUSH"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CONFIG", "SET", "maxmemory", "1"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["DEBUG", "SLEEP", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SHUTDOWN", "NOSAVE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SAVE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["BGSAVE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["BGREWRITEAOF"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["REPLICAOF", "127.0.0.1", "6380"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SLAVEOF", "NO", "ONE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SYNC"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["PSYNC", "?", "-1"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["FAILOVER"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["ACL", "DELUSER", "someone"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["MODULE", "LOAD", "/tmp/x.so"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLUSTER", "RESET"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["LATENCY", "RESET"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["MEMORY", "PURGE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SLOWLOG", "RESET"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["LASTSAVE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["INFO"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["COMMAND"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["WAIT", "1", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT", "KILL", "TYPE", "normal"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["client", "pause", "1000"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT", "LIST"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT", "NO-EVICT", "on"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["CLIENT"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SELECT", "4"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SWAPDB", "0", "1"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["MOVE", "k", "1"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["COPY", "a", "b", "DB", "3"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["copy", "a", "b", "REPLACE", "db", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["MIGRATE", "127.0.0.1", "6380", "k", "0", "1000"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["MONITOR"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["PUBLISH", "news", "hi"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["PUBSUB", "CHANNELS"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["KEYS", "*"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SCAN", "0"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["RANDOMKEY"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["FLUSHALL"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["flushdb", "ASYNC"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["DBSIZE"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["AUTH", "default", "secret"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["HELLO", "3"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["RESET"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["QUIT"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["OBJECT", "HELP"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SORT", "list", "BY", "weight_*"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SORT_RO", "list", "GET", "object_*->name"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["JSON.SET", "doc", "$", "{}"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["NOSUCHCOMMAND", "k"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["PFDEBUG", "GETREG", "h"] # ERROR: Dangerous Redis command
    }
    step "command" {
      args = ["SUBSCRIBE", "news"] # ERROR: Unsupported Redis command
    }
    step "command" {
      args = ["PSUBSCRIBE", "n*"] # ERROR: Unsupported Redis command
    }
  }
}
