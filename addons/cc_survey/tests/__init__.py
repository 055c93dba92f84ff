from . import test_sudo_roles
from . import test_cron_batch_survey
