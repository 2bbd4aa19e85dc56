"""Write the baseline scenario file: ``python -m cadresim.baseline > scenarios/baseline.toml``."""

from .scenario import defaults_toml

QUESTION = ("What happens to the share of weak village organisations over several village terms under the "
            "seeds' policies, and at what cost?")

if __name__ == "__main__":
    print(defaults_toml(question=QUESTION), end="")
