# Case 08 ("Done means", bad): a pull request that adds an RDS instance without log
# exports or alarms. Cut from case 01 by ../subset.py; the blocks are case 01's.

variable "db_password" {
  description = "Master password for the self-managed RDS instances."
  type        = string
  sensitive   = true
  default     = "not-a-real-password-123"
}

locals {
  prefix = "shop"
  tags = {
    Project = "storewatch-fixtures"
    Case    = "rds-aurora"
  }
}

# BAD: general and slow query logs explicitly off.
resource "aws_db_parameter_group" "legacy_mysql80" {
  name   = "${local.prefix}-legacy-mysql80"
  family = "mysql8.0"

  parameter {
    name  = "general_log"
    value = "0"
  }
  parameter {
    name  = "slow_query_log"
    value = "0"
  }

  tags = local.tags
}

# BAD: no log exports, no enhanced monitoring, no Performance Insights,
# audit-relevant logs disabled in its parameter group. Name only known after apply.
resource "aws_db_instance" "legacy" {
  identifier_prefix            = "${local.prefix}-legacy-"
  engine                       = "mysql"
  engine_version               = "8.0.35"
  instance_class               = "db.t3.medium"
  allocated_storage            = 50
  username                     = "admin"
  password                     = var.db_password
  parameter_group_name         = aws_db_parameter_group.legacy_mysql80.name
  skip_final_snapshot          = true
  monitoring_interval          = 0
  performance_insights_enabled = false
  tags                         = local.tags
}
