Feature: Autoscaling and HTTP 503 under load
  Utilization is busy replicas divided by replicas. Above autoscale_target_utilization (70% by
  default) replicas are added within about a second; below it they are removed after about a
  minute. New containers take time to start, so a sudden spike beyond the ~30% headroom gets 503s.
  Raising autoscale_min_replicas to what the documented formula gives keeps them away. These load
  tests run 10 minutes of traffic on the virtual clock; their reports are in reports/online/.

  @OD-09
  Scenario: The documented formula: 20 requests per second of 10 s at 70% with 1 request per container
    Given the replica formula for 20 requests per second of 10 s at 70% with 1 request per container
    Then the formula gives 286 replicas

  @OD-09
  Scenario: Spikes against the replicas at hand
    When these 10-minute load tests run with requests of 1 s:
      | load                             | steady rps | peak rps | spike | ramp | min replicas | target | 503s |
      | steady, formula replicas         | 5          | 5        | -     | -    | formula      | 70     | none |
      | 30% spike, formula replicas      | 5          | 5        | +30%  | -    | formula      | 70     | none |
      | 100% spike, formula replicas     | 5          | 5        | +100% | -    | formula      | 70     | some |
      | 100% spike, min for the peak     | 5          | 10       | +100% | -    | formula      | 70     | none |
      | gradual ramp from 1 replica      | 5          | 5        | -     | yes  | 1            | 70     | none |
      | sudden steady load on 1 replica  | 5          | 5        | -     | -    | 1            | 70     | some |
      | 100% spike, target 30%           | 5          | 5        | +100% | -    | 8            | 30     | none |
    Then the load report holds replicas, utilization and 503s per second and p50, p95 and p99 latency

  @OD-09
  Scenario: The formula's replicas keep a steady load under the target utilization
    When these 10-minute load tests run with requests of 2 s:
      | load                       | steady rps | peak rps | spike | ramp | min replicas | target | 503s |
      | steady 4 rps of 2 s        | 4          | 4        | -     | -    | formula      | 70     | none |
    Then at steady load the replicas hold utilization at or below 70%
    And the load report holds replicas, utilization and 503s per second and p50, p95 and p99 latency
