from . import test_reception
from . import test_visitor
from . import test_referral
from . import test_commission
from . import test_concurrency
from . import test_performance
from . import test_document_mixin
from . import test_core_access
