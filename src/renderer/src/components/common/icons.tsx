// Small monochrome icons drawn in currentColor, so they follow the theme. Decorative only:
// every control that shows one also has a text label or an aria-label.
import type { ReactNode } from 'react'

function Icon({ children, className }: { children: ReactNode; className?: string | undefined }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

type IconProps = { className?: string }

export const FolderIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M1.5 3.5A1 1 0 0 1 2.5 2.5h3.6l1.4 1.5h6a1 1 0 0 1 1 1v7.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z"
      fill="currentColor"
    />
  </Icon>
)

export const FileIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M3.5 1.5h6l3 3v9.5a.5.5 0 0 1-.5.5H3.5a.5.5 0 0 1-.5-.5V2a.5.5 0 0 1 .5-.5z M9.5 1.5V4.5h3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.1"
      strokeLinejoin="round"
    />
  </Icon>
)

export const BucketIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <ellipse cx="8" cy="4" rx="5.5" ry="2" fill="none" stroke="currentColor" strokeWidth="1.2" />
    <path
      d="M2.5 4l1.2 8.6C3.9 13.7 5.8 14.5 8 14.5s4.1-.8 4.3-1.9L13.5 4"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.2"
    />
  </Icon>
)

export const ServerIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <rect x="2" y="2.5" width="12" height="4.5" rx="1" fill="none" stroke="currentColor" strokeWidth="1.2" />
    <rect x="2" y="9" width="12" height="4.5" rx="1" fill="none" stroke="currentColor" strokeWidth="1.2" />
    <circle cx="4.6" cy="4.75" r=".8" fill="currentColor" />
    <circle cx="4.6" cy="11.25" r=".8" fill="currentColor" />
  </Icon>
)

export const RefreshIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M13 8a5 5 0 1 1-1.5-3.6"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
    />
    <path
      d="M12.5 1.8v3h-3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Icon>
)

export const PlusIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
  </Icon>
)

export const PencilIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M10.8 2.2l3 3L6 13H3v-3z"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.2"
      strokeLinejoin="round"
    />
  </Icon>
)

export const CheckIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M3 8.5l3 3 7-7"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Icon>
)

export const ChevronIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M6 3.5L10.5 8 6 12.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Icon>
)

export const UploadIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path
      d="M8 11V2.5M4.5 6L8 2.5 11.5 6M2.5 11v2.5h11V11"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Icon>
)
