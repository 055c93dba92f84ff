from . import test_portal_audit
from . import test_portal_claims
from . import test_portal_new_claim
from . import test_portal_security
from . import test_tours
