"""DIRAC's return convention: `{'OK': True, 'Value': v}` on success, `{'OK': False, 'Message': text}`
on failure (DIRAC.Core.Utilities.ReturnValues), so scripts that test `result['OK']` keep working."""


def S_OK(value=None):
    return {"OK": True, "Value": value}


def S_ERROR(message="", **extra):
    result = {"OK": False, "Message": str(message)}
    result.update(extra)
    return result
