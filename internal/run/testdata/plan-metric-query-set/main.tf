# An alarm whose metric_query blocks read two tables whose names are known only after apply.
# metric_query is a set: the plan lists its blocks in an order of its own (the expression
# "total", written first here, comes last), so they are joined with the configuration on
# their id, never by position. Each query is tied to its own table by reference: orders is
# watched for read throttling, audit for write throttling, and nothing else.
#
# plan.json beside this file is what Terraform 1.11.4 wrote, with hashicorp/aws 5.100.0
# and the fake credentials of providers.tf (no AWS call is made):
#   terraform init && terraform plan -out plan.bin && terraform show -json plan.bin > plan.json

# Its output is known only after apply, and so are the table names made from it.
resource "terraform_data" "suffix" {
  input = "blue"
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders-${terraform_data.suffix.id}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "audit" {
  name         = "audit-${terraform_data.suffix.id}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "pager" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "lambda"
  endpoint  = "arn:aws:lambda:us-east-1:111122223333:function:pager"
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name          = "throttles"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = 10
  alarm_actions       = [aws_sns_topic.alerts.arn]

  metric_query {
    id          = "total"
    expression  = "reads + writes"
    return_data = true
  }

  metric_query {
    id = "reads"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "ReadThrottleEvents"
      period      = 60
      stat        = "Sum"
      dimensions  = { TableName = aws_dynamodb_table.orders.name }
    }
  }

  metric_query {
    id = "writes"
    metric {
      namespace   = "AWS/DynamoDB"
      metric_name = "WriteThrottleEvents"
      period      = 60
      stat        = "Sum"
      dimensions  = { TableName = aws_dynamodb_table.audit.name }
    }
  }
}
