from . import test_accounting_bad_input
from . import test_accounting_concurrency
from . import test_accounting_flow
from . import test_accounting_performance
from . import test_accounting_chargeback
