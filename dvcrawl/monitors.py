"""Spidermon checks run when a site's crawl closes (settings: SPIDERMON_*).

Zero valid articles, an unexpected finish reason or a required field missing from articles
fails the site. Failures are logged by Spidermon and recorded in the crawl's stats under
`dvcrawl/monitors/failed` (a list of {"monitor", "error"}), which `dvcrawl run` reads into
its run summary and exit status.
"""
from spidermon import MonitorSuite
from spidermon.contrib.scrapy.monitors import FieldCoverageMonitor, FinishReasonMonitor, ItemCountMonitor
from spidermon.core.actions import Action

FAILED_STAT = "dvcrawl/monitors/failed"


class RecordFailures(Action):
    """Put the failed monitors and their messages into the crawl's stats."""

    def run_action(self):
        failed = []
        for result in self.result.monitors_failed_results:
            error = (result.error or "").strip().splitlines()
            failed.append({"monitor": result.monitor.name, "error": error[-1] if error else ""})
        self.data.crawler.stats.set_value(FAILED_STAT, failed)


class SiteCloseMonitorSuite(MonitorSuite):
    monitors = [ItemCountMonitor, FinishReasonMonitor, FieldCoverageMonitor]
    monitors_failed_actions = [RecordFailures]
