from . import test_partner_class
from . import test_qualification
from . import test_communication
from . import test_visit
from . import test_report_schedule
from . import test_security
from . import test_concurrency
from . import test_views
