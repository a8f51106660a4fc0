"""Daily retraining with sparkfit (install: see the README, "Airflow").

train (--run-id {{ ds }}: a retry resumes from the last checkpoint; a rerun of a finished day is a
no-op) -> evaluate the new model on a holdout -> evaluate the current model -> promote the new model
(atomic swap of the `current` symlink) only when it beats the current one.

Exit codes of sparkfit (never 99, which BashOperator reads as "skipped"): 0 ok, 1 other, 2 spec or
command line, 3 bad data, 4 diverged, 5 Spark failure, 143 stopped by SIGTERM after a checkpoint.
Retrying helps for 5 and 143; 2, 3 and 4 need a person.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator, PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import sparkfit_promote

# Where things are: set these as Airflow Variables or environment variables of the scheduler.
SPARKFIT_JAR = os.environ.get("SPARKFIT_JAR", "/opt/sparkfit/sparkfit-0.1.0-SNAPSHOT-spark.jar")
SPEC = os.environ.get("SPARKFIT_SPEC", "/opt/sparkfit/conf/titanic.yaml")
HOLDOUT = os.environ.get("SPARKFIT_HOLDOUT", "/data/holdout.csv")
RUNS = os.environ.get("SPARKFIT_RUNS", "/data/sparkfit/runs")  # shared storage: driver and executors
MODELS = os.environ.get("SPARKFIT_MODELS", "/data/sparkfit/models")
CURRENT = os.path.join(MODELS, "current")  # a symlink to MODELS/<ds>
METRIC = os.environ.get("SPARKFIT_METRIC", "loss")

# What scripts/sparkfit-submit adds for every executor (conf/spark-defaults.conf.template explains each).
SPARKFIT_CONF = {
    "spark.executorEnv.OMP_NUM_THREADS": "1",
    "spark.executor.memoryOverhead": "1g",
    "spark.executor.defaultJavaOptions":
        "-Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=0",
    "spark.task.maxFailures": "4",
}

RUN = RUNS + "/{{ ds }}"

with DAG(
    dag_id="sparkfit_retrain",
    schedule="@daily",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:

    def submit(task_id, args, **kw):
        return SparkSubmitOperator(task_id=task_id, application=SPARKFIT_JAR, java_class="dev.sparkfit.Main",
                                   application_args=args, conf=SPARKFIT_CONF, name=f"sparkfit-{task_id}", **kw)

    train = submit("train", ["train", "--spec", SPEC, "--run-id", "{{ ds }}", "--out", RUN], retries=3)

    evaluate_new = submit("evaluate_new", ["evaluate", "--model", RUN + "/model", "--input", HOLDOUT,
                                           "--metrics", RUN + "/holdout.json"])

    current_exists = BranchPythonOperator(
        task_id="current_exists",
        python_callable=lambda: "evaluate_current" if os.path.exists(CURRENT) else "promote")

    evaluate_current = submit("evaluate_current", ["evaluate", "--model", CURRENT, "--input", HOLDOUT,
                                                   "--metrics", RUN + "/holdout-current.json"])

    def choose(ds):
        new = sparkfit_promote.read_metrics(f"{RUNS}/{ds}/holdout.json")
        current = sparkfit_promote.read_metrics(f"{RUNS}/{ds}/holdout-current.json")
        return "promote" if sparkfit_promote.beats(new, current, METRIC) else "keep_current"

    decide = BranchPythonOperator(task_id="decide", python_callable=choose)

    promote = PythonOperator(
        task_id="promote",
        python_callable=lambda ds: sparkfit_promote.promote(f"{RUNS}/{ds}/model", MODELS, CURRENT, ds),
        trigger_rule="none_failed_min_one_success")

    keep_current = EmptyOperator(task_id="keep_current")

    train >> evaluate_new >> current_exists >> [evaluate_current, promote]
    evaluate_current >> decide >> [promote, keep_current]
