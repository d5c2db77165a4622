# Case 09 ("Done means", good): the same kind of change done right. A PostgreSQL instance
# that exports its logs, with Enhanced Monitoring, Performance Insights on a CMK, and
# alarms to a topic with a subscriber. Cut from case 01 by ../subset.py; the blocks are
# case 01's.

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

# GOOD: log exports, enhanced monitoring, Performance Insights with KMS.
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
  performance_insights_retention_period = 7
  tags                                  = local.tags
}

# GOOD: alarms on CPU and free storage, through the module, to the subscribed topic.
module "rds_alarm" {
  source   = "./modules/store-alarm"
  for_each = local.rds_alarms

  alarm_name    = "${local.prefix}-${each.key}"
  namespace     = each.value.namespace
  metric_name   = each.value.metric_name
  comparison    = each.value.comparison
  threshold     = each.value.threshold
  statistic     = each.value.statistic
  dimensions    = each.value.dimensions
  alarm_actions = each.value.notify ? [aws_sns_topic.db_alerts.arn] : []
  tags          = local.tags
}
