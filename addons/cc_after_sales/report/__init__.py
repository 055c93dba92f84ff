from . import cc_service_kpi_report
from . import cc_service_appraisal_xlsx
from . import cc_after_sales_monthly_xlsx
