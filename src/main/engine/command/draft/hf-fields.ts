/**
 * What a draft knows of Hugging Face `TrainingArguments`: the options users tune, by group, and the
 * names of the others, so a script's own dataclass fields can be told from them. The names are
 * those transformers 5.18 prints (fixtures/hf-help.txt) plus ones older releases had.
 */

/** The usual tuning knobs, by the group a draft puts them in. */
export const HF_KNOBS: Record<string, readonly string[]> = {
  optimizer: ['learning_rate', 'weight_decay', 'optim', 'adam_beta1', 'adam_beta2', 'adam_epsilon', 'max_grad_norm'],
  schedule: ['lr_scheduler_type', 'warmup_ratio', 'warmup_steps', 'num_train_epochs', 'max_steps'],
  batch: ['per_device_train_batch_size', 'gradient_accumulation_steps'],
  regularization: ['label_smoothing_factor'],
  runtime: ['seed', 'bf16', 'fp16', 'gradient_checkpointing']
}

const TRAINING_ARGUMENTS = `output_dir overwrite_output_dir per_device_train_batch_size per_device_eval_batch_size
per_gpu_train_batch_size per_gpu_eval_batch_size num_train_epochs max_steps learning_rate lr_scheduler_type
lr_scheduler_kwargs warmup_ratio warmup_steps optim optim_args weight_decay adam_beta1 adam_beta2 adam_epsilon
optim_target_modules gradient_accumulation_steps average_tokens_across_devices max_grad_norm label_smoothing_factor
bf16 fp16 bf16_full_eval fp16_full_eval fp16_opt_level fp16_backend half_precision_backend tf32
gradient_checkpointing gradient_checkpointing_kwargs torch_compile torch_compile_backend torch_compile_mode
use_liger_kernel liger_kernel_config use_cache neftune_noise_alpha torch_empty_cache_steps auto_find_batch_size
logging_dir logging_strategy logging_steps logging_first_step log_on_each_node logging_nan_inf_filter
include_num_input_tokens_seen include_tokens_per_second log_level log_level_replica disable_tqdm report_to run_name
project trackio_space_id trackio_bucket_id trackio_static_space_id evaluation_strategy eval_strategy eval_steps
eval_delay prediction_loss_only eval_on_start eval_do_concat_batches eval_use_gather_object eval_accumulation_steps
include_inputs_for_metrics include_for_metrics batch_eval_metrics save_only_model save_strategy save_steps
save_on_each_node save_total_limit save_safetensors enable_jit_checkpoint push_to_hub hub_token hub_private_repo
hub_model_id hub_strategy hub_always_push hub_revision push_to_hub_model_id push_to_hub_organization
push_to_hub_token load_best_model_at_end metric_for_best_model greater_is_better ignore_data_skip
restore_callback_states_from_checkpoint full_determinism seed data_seed use_cpu no_cuda use_mps_device use_ipex
jit_mode_eval accelerator_config parallelism_config dataloader_drop_last dataloader_num_workers
dataloader_pin_memory dataloader_persistent_workers dataloader_prefetch_factor dataloader_multiprocessing_context
dataloader_in_order remove_unused_columns label_names train_sampling_strategy group_by_length length_column_name
ddp_find_unused_parameters ddp_bucket_cap_mb ddp_broadcast_buffers ddp_static_graph ddp_backend ddp_timeout fsdp
fsdp_config fsdp_min_num_params fsdp_transformer_layer_cls_to_wrap deepspeed debug skip_memory_metrics do_train
do_eval do_predict resume_from_checkpoint local_rank tpu_num_cores tpu_metrics_debug past_index xpu_backend
mp_parameters adafactor sharded_ddp dispatch_batches split_batches torchdynamo ray_scope use_legacy_prediction_loop
predict_with_generate generation_max_length generation_num_beams generation_config sortish_sampler`

/** Every TrainingArguments (and Seq2SeqTrainingArguments) option name a draft knows. */
export const HF_TRAINING_ARGUMENTS: ReadonlySet<string> = new Set(TRAINING_ARGUMENTS.split(/\s+/).filter(Boolean))

/** True when a help text is HfArgumentParser's over TrainingArguments. */
export function looksLikeHf(names: ReadonlySet<string>): boolean {
  return ['output_dir', 'per_device_train_batch_size', 'learning_rate', 'num_train_epochs'].every((n) => names.has(n))
}
