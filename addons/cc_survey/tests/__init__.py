from . import test_sudo_roles
