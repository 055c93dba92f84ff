from . import test_reception
from . import test_visitor
from . import test_referral
from . import test_commission
from . import test_concurrency
from . import test_performance
