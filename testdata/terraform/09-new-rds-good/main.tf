# Case 09 ("Done means", good): the same kind of change done right. A PostgreSQL instance
# that exports its logs, with Enhanced Monitoring, Performance Insights on a CMK kept for a
# month, an alarm on every metric CloudWatch recommends for it to a topic with a subscriber,
# and a Systems Manager OpsItem on the alarm whose remedy is a runbook. Cut from case 01 by
# ../subset.py, which then writes by hand what case 01 does not have (marked "not in case
# 01" below): the six further alarms, the retention, and the alarm module's settings.

variable "db_password" {
  description = "Master password for the self-managed RDS instances."
  type        = string
  sensitive   = true
  default     = "not-a-real-password-123"
}

locals {
  prefix     = "shop"
  account_id = "123456789012"
  tags = {
    Project = "storewatch-fixtures"
    Case    = "rds-aurora"
  }

  # Not in case 01: an ALARM action that opens an OpsItem in Systems Manager OpsCenter
  # (severity 2, category Availability), where the on-call engineer finds the runbook.
  ops_item_action = "arn:aws:ssm:us-east-1:${local.account_id}:opsitem:2#CATEGORY=Availability"

  # One alarm per metric that CloudWatch recommends for a PostgreSQL instance with
  # Performance Insights (docs/recommended-alarms.md). Thresholds that depend on the
  # instance are sized for a db.m6g.large: 2 vCPUs, 8 GiB of memory, 100 GiB of storage.
  rds_alarms = {
    "orders-cpu" = {
      namespace   = "AWS/RDS"
      metric_name = "CPUUtilization"
      comparison  = "GreaterThanThreshold"
      threshold   = 80
      statistic   = "Average"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    "orders-free-storage" = {
      namespace   = "AWS/RDS"
      metric_name = "FreeStorageSpace"
      comparison  = "LessThanThreshold"
      threshold   = 5368709120
      statistic   = "Minimum"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    # Not in case 01 from here on.
    "orders-connections" = {
      namespace   = "AWS/RDS"
      metric_name = "DatabaseConnections"
      comparison  = "GreaterThanThreshold"
      threshold   = 750 # about 90 % of max_connections (8 GiB / 9531392 bytes)
      statistic   = "Average"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    "orders-freeable-memory" = {
      namespace   = "AWS/RDS"
      metric_name = "FreeableMemory"
      comparison  = "LessThanThreshold"
      threshold   = 2147483648 # 25 % of 8 GiB
      statistic   = "Average"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    "orders-db-load" = {
      namespace   = "AWS/RDS"
      metric_name = "DBLoad"
      comparison  = "GreaterThanThreshold"
      threshold   = 2 # the vCPU count: more active sessions than vCPUs wait
      statistic   = "Average"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    "orders-read-latency" = {
      namespace   = "AWS/RDS"
      metric_name = "ReadLatency"
      comparison  = "GreaterThanThreshold"
      threshold   = 0.02 # seconds
      statistic   = "p90"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    "orders-write-latency" = {
      namespace   = "AWS/RDS"
      metric_name = "WriteLatency"
      comparison  = "GreaterThanThreshold"
      threshold   = 0.02 # seconds
      statistic   = "p90"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
    }
    # Transaction ID wraparound stops all writes: alarm on the first minute over one
    # billion, and open an OpsItem whose runbook is a VACUUM (FREEZE).
    "orders-txid-wraparound" = {
      namespace   = "AWS/RDS"
      metric_name = "MaximumUsedTransactionIDs"
      comparison  = "GreaterThanThreshold"
      threshold   = 1000000000
      statistic   = "Average"
      dimensions  = { DBInstanceIdentifier = aws_db_instance.orders.identifier }
      notify      = true
      period      = 60
      evaluations = 1
      datapoints  = 1
      ops_item    = true
    }
  }
}

resource "aws_kms_key" "rds" {
  description             = "RDS logs, Performance Insights and alert topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  tags                    = local.tags
}

resource "aws_sns_topic" "db_alerts" {
  name              = "${local.prefix}-db-alerts"
  kms_master_key_id = aws_kms_key.rds.id
  tags              = local.tags
}

resource "aws_sns_topic_subscription" "db_alerts_email" {
  topic_arn = aws_sns_topic.db_alerts.arn
  protocol  = "email"
  endpoint  = "dba-oncall@example.com"
}

resource "aws_sns_topic_subscription" "db_alerts_pager" {
  topic_arn              = aws_sns_topic.db_alerts.arn
  protocol               = "https"
  endpoint               = "https://events.pagerduty.example.com/integration/abc123/enqueue"
  endpoint_auto_confirms = true
}

resource "aws_iam_role" "rds_monitoring" {
  name = "${local.prefix}-rds-enhanced-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_parameter_group" "orders_pg15" {
  name   = "${local.prefix}-orders-pg15"
  family = "postgres15"

  parameter {
    name         = "shared_preload_libraries"
    value        = "pgaudit,pg_stat_statements"
    apply_method = "pending-reboot"
  }
  parameter {
    name  = "pgaudit.log"
    value = "ddl,role,write"
  }
  parameter {
    name  = "log_connections"
    value = "1"
  }
  parameter {
    name  = "log_disconnections"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = local.tags
}

# GOOD: log exports, enhanced monitoring, Performance Insights with KMS kept for 31 days
# (case 01 keeps the free 7).
resource "aws_db_instance" "orders" {
  identifier                            = "${local.prefix}-orders"
  engine                                = "postgres"
  engine_version                        = "15.5"
  instance_class                        = "db.m6g.large"
  allocated_storage                     = 100
  storage_encrypted                     = true
  kms_key_id                            = aws_kms_key.rds.arn
  username                              = "orders_admin"
  password                              = var.db_password
  parameter_group_name                  = aws_db_parameter_group.orders_pg15.name
  multi_az                              = true
  backup_retention_period               = 14
  deletion_protection                   = true
  skip_final_snapshot                   = true
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  monitoring_interval                   = 15
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.rds.arn
  performance_insights_retention_period = 31
  tags                                  = local.tags
}

# GOOD: an alarm on each recommended metric, through the module, to the subscribed topic;
# the transaction ID alarm also opens an OpsItem. Case 01 has the CPU and free storage
# alarms, and neither the timing settings nor automation_actions.
module "rds_alarm" {
  source   = "./modules/store-alarm"
  for_each = local.rds_alarms

  alarm_name          = "${local.prefix}-${each.key}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  comparison          = each.value.comparison
  threshold           = each.value.threshold
  statistic           = each.value.statistic
  period              = try(each.value.period, 300)
  evaluation_periods  = try(each.value.evaluations, 3)
  datapoints_to_alarm = try(each.value.datapoints, 2)
  dimensions          = each.value.dimensions
  alarm_actions       = each.value.notify ? [aws_sns_topic.db_alerts.arn] : []
  automation_actions  = try(each.value.ops_item, false) ? [local.ops_item_action] : []
  tags                = local.tags
}
