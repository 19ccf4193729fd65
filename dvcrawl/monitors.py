"""Spidermon checks run when a site's crawl closes (settings: SPIDERMON_*).

Zero valid articles or an unexpected finish reason fails the site. (Coverage of the required
fields is not monitored: validation refuses every article without them.) Failures are logged by Spidermon and recorded in the crawl's stats under
`dvcrawl/monitors/failed` (a list of {"monitor", "error"}), which `dvcrawl run` reads into
its run summary and exit status.
"""
from spidermon import MonitorSuite
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor, ItemCountMonitor
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
    monitors = [ItemCountMonitor, FinishReasonMonitor]
    monitors_failed_actions = [RecordFailures]
