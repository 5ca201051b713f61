# bash completion for awf-diag (installed as share/bash-completion/completions/awf-diag).
# A test checks that every option of `awf-diag <command> --help` is offered here.
_awf_diag() {
  local cur prev words cword
  _init_completion 2>/dev/null || {
    cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
  }
  local chain_opts="-h --help -o --output --color --junit-file --only --skip --list-checks --base-url --squid --upstream --management-url --mode --provider --cacert --home --managed-settings --env-file --timeout --fail-on --model --stream-tokens --stream-watchdog-ms --no-spend --squid-log --proxy-log --agent-log --entrypoint-log --squid-conf --agent-ip --proxy-ip --client --client-profile"
  local analyze_opts="-h --help --squid-log --proxy-log --agent-log --entrypoint-log --squid-conf --agent-ip --proxy-ip -o --output --color --junit-file"
  local capture_opts="-h --help --listen --count --duration --answer --forward --request-timeout --idle-timeout --shutdown-grace -o --output --color"
  local report_opts="-h --help -o --output --color --junit-file"
  case $prev in
    -o|--output) COMPREPLY=($(compgen -W "text json markdown junit github" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "fail warn" -- "$cur")); return ;;
    --mode) COMPREPLY=($(compgen -W "auto awf gateway direct" -- "$cur")); return ;;
    --provider) COMPREPLY=($(compgen -W "auto anthropic openai copilot gemini" -- "$cur")); return ;;
    --answer) COMPREPLY=($(compgen -W "401 reset sse" -- "$cur")); return ;;
    --client) COMPREPLY=($(compgen -W "auto claude-code codex copilot" -- "$cur")); return ;;
    --env-file|--cacert|--managed-settings|--client-profile|--junit-file|--squid-log|--proxy-log|--agent-log|--entrypoint-log|--squid-conf) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --home) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --only|--skip)
      COMPREPLY=($(compgen -W "$(awf-diag --list-checks 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
    --base-url|--squid|--upstream|--management-url|--model|--stream-tokens|--stream-watchdog-ms|--timeout|--agent-ip|--proxy-ip|--listen|--forward|--count|--duration|--request-timeout|--idle-timeout|--shutdown-grace) return ;;
  esac
  local cmd="" i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in check-chain|probe|report|analyze|capture) cmd=${words[i]}; break ;; esac
  done
  case $cmd in
    "") COMPREPLY=($(compgen -W "check-chain probe report analyze capture -h --help --version --list-checks" -- "$cur")) ;;
    check-chain) COMPREPLY=($(compgen -W "$chain_opts" -- "$cur")) ;;
    probe)
      if [[ $prev == probe ]]; then COMPREPLY=($(compgen -W "helper env proxy squid upstream" -- "$cur"))
      else COMPREPLY=($(compgen -W "$chain_opts" -- "$cur")); fi ;;
    analyze)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$analyze_opts" -- "$cur"))
      else COMPREPLY=($(compgen -d -- "$cur")); fi ;;
    capture) COMPREPLY=($(compgen -W "$capture_opts" -- "$cur")) ;;
    report)
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$report_opts" -- "$cur"))
      else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
  esac
}
complete -F _awf_diag awf-diag
