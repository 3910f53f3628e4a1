# Nomad batch job: count = N shard allocations; each reads its index from
# NOMAD_ALLOC_INDEX (--shard-from-env) and writes its report to a host
# volume shared by the nodes (e.g. NFS). Run the merge afterwards (see
# docs/sharding.md). Set START_AT a few minutes ahead when you submit:
#   nomad job run -var start_at=$(date -u -d +3min +%Y-%m-%dT%H:%M:%SZ) stressql.nomad.hcl
variable "start_at" {
  type = string
}

variable "shards" {
  type    = number
  default = 4
}

job "stressql-shards" {
  type = "batch"

  group "shard" {
    count = var.shards

    restart {
      attempts = 0
      mode     = "fail"
    }

    volume "results" {
      type   = "host"
      source = "stressql-results"
    }

    task "stressql" {
      driver = "docker"

      config {
        image = "ghcr.io/stressql/stressql:latest"
        args = [
          "run", "/local/scenarios", "--shard-from-env",
          "--start-at", var.start_at,
          "--json", "/results/shard-${NOMAD_ALLOC_INDEX}.json",
        ]
      }

      env {
        STRESSQL_SHARDS = "${var.shards}"
      }

      volume_mount {
        volume      = "results"
        destination = "/results"
      }

      artifact {
        source      = "git::https://git.example.com/you/scenarios.git" # where your scenario files are
        destination = "local/scenarios"
      }

      resources {
        cpu    = 2000
        memory = 512
      }
    }
  }
}
