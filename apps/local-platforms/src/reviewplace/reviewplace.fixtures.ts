import { BoardListing, daysAhead } from '../listing-board';

/** What reviewplace lists when the stand-in starts. */
export function reviewplaceFixtures(): BoardListing[] {
  return [
    {
      id: '2001',
      title: '[홍대] 수제버거 세트 체험',
      category: '맛집',
      reward: '포인트 30,000P',
      deadline: daysAhead(6),
      capacity: 10,
      applied: 2,
    },
    {
      id: '2002',
      title: '저자극 클렌징 폼 리뷰',
      category: '뷰티',
      reward: '제품 + 포인트 10,000P',
      deadline: daysAhead(8),
      capacity: 30,
      applied: 10,
    },
    {
      id: '2003',
      title: '유아 원목 장난감 체험단',
      category: '유아동',
      reward: '45,000원 상당 제품',
      deadline: daysAhead(12),
      capacity: 6,
      applied: 1,
    },
    {
      id: '2004',
      title: '홈카페 드립백 커피 세트',
      category: '생활',
      reward: '20,000원 상당 제품',
      deadline: daysAhead(4),
      capacity: 12,
      applied: 3,
    },
  ];
}
