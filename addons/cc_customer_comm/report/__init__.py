from . import cc_abstract_xlsx
from . import cc_monthly_summary_xlsx
from . import cc_visit_daily_xlsx
from . import cc_development_progress_xlsx
