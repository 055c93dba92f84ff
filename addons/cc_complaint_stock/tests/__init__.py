from . import test_accounting_bad_input
from . import test_accounting_flow
from . import test_inspection_state_guard
from . import test_tours
from . import test_return_certificate
