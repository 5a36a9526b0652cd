import { Table } from "@medusajs/ui"

type ListPaginationProps = {
  /** Rows in the whole list, across pages. */
  count: number
  pageSize: number
  pageIndex: number
  onPageIndexChange: (pageIndex: number) => void
}

/** The pager under a list the server pages with `limit` and `offset`. */
export const ListPagination = ({ count, pageSize, pageIndex, onPageIndexChange }: ListPaginationProps) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex < pageCount - 1}
      previousPage={() => onPageIndexChange(Math.max(0, pageIndex - 1))}
      nextPage={() => onPageIndexChange(Math.min(pageCount - 1, pageIndex + 1))}
    />
  )
}
